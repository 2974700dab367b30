using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace NetGen.Generator.Tests;

/// <summary>
/// Compares generated files with snapshots stored beside the tests as
/// <c>Snapshots/&lt;Class&gt;.&lt;Test&gt;#&lt;HintName without .cs&gt;.verified.cs</c>, the names
/// Verify.SourceGenerators gives them, so that moving to Verify is a rename. A mismatch writes
/// <c>*.received.cs</c> and fails with a line diff. Set NETGEN_ACCEPT_SNAPSHOTS=1 to accept the
/// received text instead: the snapshot is written, and the test still fails, saying so, so that an
/// accept never passes silently; the rerun that follows (which finds the snapshot equal) passes.
/// CI never sets it.
/// </summary>
internal static class SnapshotAssert
{
    public const string AcceptVariable = "NETGEN_ACCEPT_SNAPSHOTS";

    public static void Matches(
        string actual,
        string hintName,
        string testClass,
        [CallerMemberName] string testName = "",
        [CallerFilePath] string callerFile = "") =>
        Matches(actual, hintName, testClass, Environment.GetEnvironmentVariable(AcceptVariable) == "1", testName, callerFile);

    /// <summary>As the public overload, with whether to accept a mismatch given rather than read from the environment.</summary>
    internal static void Matches(string actual, string hintName, string testClass, bool accept, string testName, string callerFile)
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string stem = testClass + "." + testName + "#" + Path.GetFileNameWithoutExtension(hintName);
        string verifiedPath = Path.Combine(directory, stem + ".verified.cs");
        string receivedPath = Path.Combine(directory, stem + ".received.cs");
        string normalized = actual.Replace("\r\n", "\n");

        string? expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, normalized, new UTF8Encoding(false));
            File.Delete(receivedPath);
            throw new XunitException(expected is null
                ? $"Accepted a new snapshot {verifiedPath} ({AcceptVariable}=1). Read it, then rerun to confirm it passes."
                : $"Accepted a changed snapshot {verifiedPath} ({AcceptVariable}=1); the change:\n{LineDiff(expected, normalized)}Read it, then rerun to confirm it passes.");
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(false));
        throw new XunitException(expected is null
            ? $"No snapshot {verifiedPath}. Read {receivedPath}; if it is right, rerun with {AcceptVariable}=1 to accept it."
            : $"Generated code differs from {verifiedPath} (received: {receivedPath}):\n{LineDiff(expected, normalized)}");
    }

    private static string LineDiff(string expected, string actual)
    {
        DiffPaneModel diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var text = new StringBuilder();
        int verifiedLine = 0, receivedLine = 0, shown = 0;
        foreach (DiffPiece line in diff.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Deleted:
                    verifiedLine++;
                    Append("- verified", verifiedLine, line.Text);
                    break;
                case ChangeType.Inserted:
                    receivedLine++;
                    Append("+ received", receivedLine, line.Text);
                    break;
                default:
                    verifiedLine++;
                    receivedLine++;
                    break;
            }
        }

        return text.ToString();

        void Append(string side, int number, string content)
        {
            if (shown++ < 80)
            {
                text.Append(side).Append(' ').Append(number).Append(": ").AppendLine(content);
            }
        }
    }
}
