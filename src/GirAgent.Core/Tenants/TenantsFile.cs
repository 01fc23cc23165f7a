using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GirAgent.Admin;
using GirAgent.Posix;

namespace GirAgent.Tenants;

/// <summary>
/// Reads and writes the tenants file (JSON, comments and trailing commas allowed; docs/tenants.md).
/// Reading validates: the result is a <see cref="TenantsConfig"/> or a <see cref="TenantsFileException"/>
/// listing every problem.
/// </summary>
internal static class TenantsFile
{
    public const string DefaultPath = "/etc/girlb/tenants.json";
    public const string SchemaName = "girlb.tenants/v1";
    public const int MaxBytes = 4 * 1024 * 1024;

    public static TenantsConfig Load(string path) => Read(path).Config;

    /// <summary>The file as written and validated, from one read (a command that changes and writes the document back needs both).</summary>
    public static (TenantsDocument Document, TenantsConfig Config) Read(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path)) throw new TenantsFileException(path, ["file not found"], AdminExit.Failed);
            text = BoundedFile.ReadText(path, MaxBytes);
        }
        catch (InputTooLargeException)
        {
            throw new TenantsFileException(path, [$"larger than {BoundedFile.Describe(MaxBytes)}: not a tenants file"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TenantsFileException(path, [$"cannot read: {e.Message}"], AdminExit.Failed);
        }
        var document = Deserialize(text, path);
        return (document, TenantsValidator.Validate(document, path));
    }

    public static TenantsConfig Parse(string text, string source = "tenants file") =>
        TenantsValidator.Validate(Deserialize(text, source), source);

    /// <summary>The file as written, without validation (unknown keys kept).</summary>
    public static TenantsDocument Deserialize(string text, string source = "tenants file")
    {
        try
        {
            return JsonSerializer.Deserialize(text, TenantsJsonContext.Default.TenantsDocument)
                ?? throw new TenantsFileException(source, ["the file is empty or null: expected an object with \"tenants\""]);
        }
        catch (JsonException e)
        {
            throw new TenantsFileException(source, [Describe(e)]);
        }
    }

    /// <summary>The document as indented JSON (snake_case keys, nulls left out, readable characters unescaped).</summary>
    public static string Serialize(TenantsDocument document)
    {
        var json = JsonSerializer.Serialize(document, Relaxed.TenantsDocument);
        return json.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>The document as one line of JSON (what the cluster keeps).</summary>
    public static string SerializeCompact(TenantsDocument document) => JsonSerializer.Serialize(document, Compact.TenantsDocument);

    private static readonly TenantsJsonContext Compact = new(new JsonSerializerOptions(TenantsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    });

    private static readonly TenantsJsonContext Relaxed = new(new JsonSerializerOptions(TenantsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line
            ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
            : "";
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" ({e.Path})";
        var message = e.Message;
        string reason;
        // a NativeAOT build (UseSystemResourceKeys) has resource keys for messages: handle both forms
        if (message.Contains("could not be converted to", StringComparison.Ordinal) || message.Contains("UnableToConvert", StringComparison.Ordinal))
            reason = "this value has the wrong type: expected " + ExpectedType(message);
        else
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.', ',');
            reason = Syntax(reason) ?? reason;
        }
        var sb = new StringBuilder();
        if (where.Length > 0) sb.Append(where);
        sb.Append(path);
        if (sb.Length > 0) sb.Append(": ");
        sb.Append("not valid JSON for a tenants file: ").Append(reason);
        return sb.ToString();
    }

    /// <summary>Plain words for the JSON reader's usual complaints, matched on its resource key or its English text.</summary>
    private static string? Syntax(string reason)
    {
        (string English, string Plain)[] english =
        [
            ("invalid start of a property name", "expected a key in double quotes"),
            ("Expected depth to be zero", "the file ends before every { and [ is closed"),
            ("after a single JSON value", "text after the end of the file's { ... }"),
            ("invalid after a property name", "expected ':' after a key"),
            ("invalid JSON literal", "expected true, false or null"),
            ("Expected end of string", "a string has no closing quote"),
            ("without a matching open", "a } or ] does not match the { or [ it closes"),
            ("invalid start of a value", "unexpected character (strings need double quotes; keys too)"),
            ("within a number", "a number is malformed"),
            ("leading zero", "a number is malformed"),
        ];
        foreach (var (text, plain) in english)
            if (reason.Contains(text, StringComparison.Ordinal)) return plain;
        var key = reason.Split([',', ' ', '\''], 2)[0];
        return key switch
        {
            "ZeroDepthAtEnd" or "ExpectedJsonTokens" => "the file ends before every { and [ is closed",
            "EndOfStringNotFound" => "a string has no closing quote",
            "ExpectedSeparatorAfterPropertyNameNotFound" => "expected ':' after a key",
            "ExpectedStartOfPropertyNotFound" or "ExpectedStartOfPropertyOrValueNotFound" => "expected a key in double quotes",
            "ExpectedEndAfterSingleJson" => "text after the end of the file's { ... }",
            "MismatchedObjectArray" => "a } or ] does not match the { or [ it closes",
            "FoundInvalidCharacter" or "ExpectedStartOfValueNotFound" or "InvalidCharacterWithinString" or "InvalidCharacterAfterEscapeWithinString"
                => "unexpected character (strings need double quotes; keys too)",
            "ExpectedValueAfterPropertyNameNotFound" => "expected a value after ':'",
            "ExpectedEndOfDigitNotFound" or "RequiredDigitNotFoundAfterSign" or "RequiredDigitNotFoundAfterDecimal" or "RequiredDigitNotFoundEndOfData"
                => "a number is malformed",
            "ExpectedFalse" or "ExpectedTrue" or "ExpectedNull" => "expected true, false or null",
            _ => null,
        };
    }

    private static string ExpectedType(string message)
    {
        if (message.Contains("List`1", StringComparison.Ordinal)) return "a list [ ... ]";
        if (message.Contains("System.Int32", StringComparison.Ordinal)) return "a whole number";
        if (message.Contains("System.Boolean", StringComparison.Ordinal)) return "true or false";
        if (message.Contains("System.String", StringComparison.Ordinal)) return "a string in quotes";
        return "an object { ... }";
    }
}
