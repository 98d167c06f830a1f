using System.CommandLine;

namespace HardmaxCore.Train.Commands;

/// <summary>What a command body gets: the parsed command line and where to write.</summary>
/// <param name="ParseResult">The parsed command line; read option values with <c>GetValue</c>.</param>
/// <param name="Output">Standard output (results, e.g. JSON).</param>
/// <param name="Error">Standard error (the human summary and error messages).</param>
internal readonly record struct CommandContext(ParseResult ParseResult, TextWriter Output, TextWriter Error);
