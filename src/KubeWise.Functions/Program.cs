using KubeWise.Core;
using KubeWise.Core.Configuration;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.Configuration.AddSeedAliases();
builder.Services.AddKubeWiseCore(builder.Configuration);

builder.Build().Run();
