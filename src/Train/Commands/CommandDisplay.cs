namespace HardmaxCore.Train.Commands;

/// <summary>The <see cref="LiveDisplay"/> of a command: its streams from the <see cref="CommandContext"/>, linked to its <see cref="Interruption"/>.</summary>
internal static class CommandDisplay
{
    extension(LiveDisplay)
    {
        /// <summary>
        /// The display of a command: rows go to <paramref name="rows"/> (the command's stdout or stderr); live when the
        /// command writes to the process's own console streams, stderr is a terminal and stdout is that terminal or a file
        /// (<see cref="LiveDisplay.ForStreams"/>).
        /// </summary>
        public static LiveDisplay For(CommandContext context, TextWriter rows) => LiveDisplay.ForStreams(context.Output, context.Error, rows);

        /// <summary>Runs <paramref name="work"/> under a countdown on the command's display (<see cref="LiveDisplay.RunCountingDown"/>), erased afterwards.</summary>
        public static T WhileCountdown<T>(CommandContext context, string label, double expected, Func<T> work)
        {
            using LiveDisplay display = LiveDisplay.ForStreams(context.Output, context.Error, context.Output);
            Interruption.Current.Display = display;
            return display.RunCountingDown(label, expected, work);
        }
    }
}
