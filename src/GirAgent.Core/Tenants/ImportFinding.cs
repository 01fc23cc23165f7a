namespace GirAgent.Tenants;

internal enum ImportSeverity
{
    /// <summary>Wrong in the file read (httpd refuses it, or it does not do what it means); render writes it right.</summary>
    Defect,
    /// <summary>Worth knowing: something not carried over, or written differently.</summary>
    Note,
}

/// <summary>One thing found while importing, at <c>file:line</c>.</summary>
internal sealed record ImportFinding(string File, int Line, ImportSeverity Severity, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(Severity == ImportSeverity.Defect ? "defect" : "note")}: {Message}";
}

/// <summary>The tenants file made from hand-written configuration, and what was found on the way.</summary>
internal sealed record ImportResult(TenantsDocument Document, IReadOnlyList<ImportFinding> Findings);
