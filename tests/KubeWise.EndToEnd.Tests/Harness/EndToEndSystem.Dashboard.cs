namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>The dashboard's addresses, as a user opens them (served by the operation table, so by either host).</summary>
internal sealed partial class EndToEndSystem
{
    /// <summary>The dashboard's list page.</summary>
    public string DashboardUrl => Url + "/api/v1/dashboard";

    /// <summary>The incident page of one event, as notifications and <c>kubewise events</c> link it.</summary>
    public string IncidentPageUrl(string id) => DashboardUrl + "#/events/" + Uri.EscapeDataString(id);
}
