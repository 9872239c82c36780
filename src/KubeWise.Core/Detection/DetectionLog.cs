using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Detection;

internal static partial class DetectionLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Loaded isolation forest from {Path}: {Trees} trees over {Features} features")]
    public static partial void ModelLoaded(ILogger logger, string path, int trees, int features);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Saved isolation forest to {Path}: {Trees} trees over {Features} features")]
    public static partial void ModelSaved(ILogger logger, string path, int trees, int features);

    // Expected on a first run: the scan trains a model from history next (and reports that as progress and in its result).
    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "No isolation forest at {Path} yet; the scan trains one from history")]
    public static partial void ModelMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "[{Detector}] error on {Entity}: {Message}")]
    public static partial void DetectorFailed(ILogger logger, string detector, string entity, string message);
}
