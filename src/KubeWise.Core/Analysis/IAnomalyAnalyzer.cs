namespace KubeWise.Core.Analysis;

/// <summary>Root cause and remediation for one incident. Backends: <see cref="Gemini.GeminiAnalyzer"/>, <see cref="Rules.RuleAnalyzer"/>;
/// <see cref="FallbackAnalyzer"/> (the registered one) chooses between them.</summary>
public interface IAnomalyAnalyzer
{
    Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken);
}

/// <summary>Whether an executed remediation resolved the incident (the seed's <c>verify_remediation_success</c>).</summary>
public interface IRemediationVerifier
{
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}
