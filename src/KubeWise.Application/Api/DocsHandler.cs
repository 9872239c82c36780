namespace KubeWise.Application.Api;

/// <summary>The OpenAPI document and the self-contained page that reads it.</summary>
public sealed class DocsHandler
{
    private static readonly Lazy<ApiContent> Document = new(() =>
        new ApiContent(OpenApiGenerator.Build(OpenApiGenerator.AssemblyVersion).ToJsonString(), "application/json"));

    public ApiReply<ApiContent> GetDocument() => Document.Value;

    public ApiReply<ApiContent> GetDocs() => new ApiContent(DocsPage.Html, "text/html; charset=utf-8");
}
