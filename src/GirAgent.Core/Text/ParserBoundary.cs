using System.Diagnostics.CodeAnalysis;

namespace GirAgent.Text;

/// <summary>
/// The edge of a parser of outside text: its <c>Parse</c> throws only its own format exception (anything else becomes
/// one, marked as an internal error), and its <c>TryParse</c> never throws. One copy for every parser.
/// </summary>
internal static class ParserBoundary
{
    /// <summary>Runs <paramref name="parse"/>; a <typeparamref name="TFormat"/> passes, any other exception becomes <paramref name="translate"/>'s.</summary>
    public static T Parse<T, TFormat>(Func<T> parse, Func<Exception, TFormat> translate)
        where TFormat : Exception
    {
        try
        {
            return parse();
        }
        catch (TFormat)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw translate(ex);
        }
    }

    /// <summary>Runs <paramref name="parse"/> (a <c>Parse</c>); its exception's message is the one-line <paramref name="error"/>.</summary>
    public static bool TryParse<T>(Func<T> parse, [NotNullWhen(true)] out T? result, [NotNullWhen(false)] out string? error)
        where T : class
    {
        try
        {
            result = parse();
            error = null;
            return true;
        }
        catch (Exception ex)
        {
            result = null;
            error = ex.Message;
            return false;
        }
    }
}
