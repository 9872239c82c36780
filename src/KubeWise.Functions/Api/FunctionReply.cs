using KubeWise.Application.Api;
using KubeWise.Application.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KubeWise.Functions.Api;

/// <summary>The Functions end of a handler: the request as an <see cref="ApiRequest"/>, the reply as an <see cref="IActionResult"/>.</summary>
internal static class FunctionReply
{
    public static ApiRequest Request(HttpRequest request) => HttpApi.Request(request);

    public static IActionResult Of(ApiReply reply) => new ReplyResult(reply);

    public static async Task<IActionResult> Of<TReply>(Task<TReply> reply)
        where TReply : ApiReply => new ReplyResult(await reply.ConfigureAwait(false));

    private sealed class ReplyResult(ApiReply reply) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            HttpApi.WriteAsync(context.HttpContext.Response, reply, context.HttpContext.RequestAborted);
    }
}
