using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Application;
using KubeWise.Application.Notifications;
using KubeWise.Application.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.Configuration.AddSeedAliases();
builder.Services.AddKubeWiseCore(builder.Configuration);
builder.Services.AddKubeWiseWorkflow(builder.Configuration);
builder.Services.AddKubeWiseApi(builder.Configuration);
builder.Services.AddKubeWiseNotifications(builder.Configuration);
builder.Services.AddKubeWiseTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();

builder.Build().Run();
