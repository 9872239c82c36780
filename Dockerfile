# KubeWise's Functions app as a container: `docker build -t kubewise:dev .` (docker-compose.yml and k8s/ use it).
# Nothing secret is baked in: every setting arrives as an environment variable at run time (.dockerignore keeps
# local.settings.json out of the build context).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files and their lock files alone, so a source change does not download the packages again;
# locked mode fails the build, naming the package, when the registry no longer serves what the lock files pin.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/KubeWise.Core/KubeWise.Core.csproj src/KubeWise.Core/packages.lock.json src/KubeWise.Core/
COPY src/KubeWise.Application/KubeWise.Application.csproj src/KubeWise.Application/packages.lock.json src/KubeWise.Application/
COPY src/KubeWise.Functions/KubeWise.Functions.csproj src/KubeWise.Functions/packages.lock.json src/KubeWise.Functions/
RUN dotnet restore src/KubeWise.Functions/KubeWise.Functions.csproj --locked-mode
COPY host.json ./
COPY src/KubeWise.Core/ src/KubeWise.Core/
COPY src/KubeWise.Application/ src/KubeWise.Application/
COPY src/KubeWise.Functions/ src/KubeWise.Functions/
RUN dotnet publish src/KubeWise.Functions/KubeWise.Functions.csproj -c Release --no-restore \
    -o /home/site/wwwroot -p:UseAppHost=false

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
# Port 8080 so the host runs without root (ports below 1024 need a capability the restricted profile forbids);
# console logging because containers are read through `kubectl logs` / `docker compose logs`; the model file and
# the embedded store (used only without MongoDB) go to /data, the one folder the app user may write.
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
    ASPNETCORE_URLS=http://+:8080 \
    HOME=/tmp \
    Detection__ModelDirectory=/data/models \
    LiteDb__FilePath=/data/kubewise.db
# The scan timer's schedule (NCRONTAB, every 30 s): the trigger's %ScanSchedule% must resolve or the host refuses it.
ENV ScanSchedule="*/30 * * * * *"
# The AI query-proposal timer's schedule (hourly); it asks nothing unless Gemini__QueryProposals__Enabled is true.
ENV QueryProposalSchedule="0 0 * * * *"
RUN groupadd --gid 10001 kubewise \
    && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin kubewise \
    && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /home/site/wwwroot /home/site/wwwroot
USER 10001:10001
EXPOSE 8080
