using Spectre.Console;
using Spectre.Console.Rendering;

namespace HardmaxCore.Experiments.Text;

/// <summary>Spectre.Console renderables (tables) written as plain text: no colours, no ANSI codes.</summary>
internal static class PlainText
{
    /// <summary>The width of tables written to files and pipes, in columns.</summary>
    public const int FileWidth = 160;

    /// <summary>
    /// Writes <paramref name="renderable"/> to <paramref name="output"/> as plain text: as wide as the terminal when
    /// <paramref name="output"/> is the console's and not redirected (cells wrap inside their columns), else
    /// <see cref="FileWidth"/> columns.
    /// </summary>
    public static void Write(TextWriter output, IRenderable renderable)
    {
        bool terminal = (ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected) || (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        Write(output, renderable, terminal ? Math.Max(40, LiveDisplay.TerminalWidth() - 1) : FileWidth);
    }

    /// <summary>Writes <paramref name="renderable"/> to <paramref name="output"/> as plain text, <paramref name="width"/> columns wide.</summary>
    public static void Write(TextWriter output, IRenderable renderable, int width)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(renderable);
    }
}
