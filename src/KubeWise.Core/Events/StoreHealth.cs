namespace KubeWise.Core.Events;

/// <summary>For the health endpoint: which store is in use and whether it answers.</summary>
public sealed record StoreHealth(bool Healthy, string Store, string Message);
