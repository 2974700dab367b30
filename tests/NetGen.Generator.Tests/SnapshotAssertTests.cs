using System;
using System.IO;
using Xunit;
using Xunit.Sdk;

namespace NetGen.Generator.Tests;

/// <summary>SnapshotAssert itself, in a folder of its own: a mismatch fails, and so does an accept, which writes the snapshot.</summary>
public sealed class SnapshotAssertTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netgen-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void AcceptingASnapshot_WritesIt_AndStillFails_ThenTheRerunPasses()
    {
        string callerFile = Path.Combine(_folder, "Caller.cs");
        string verified = Path.Combine(_folder, "Snapshots", "C.T#Net.Mlp.g.verified.cs");
        string received = Path.Combine(_folder, "Snapshots", "C.T#Net.Mlp.g.received.cs");

        // No snapshot: fails and writes the received file.
        XunitException missing = Assert.Throws<XunitException>(() => SnapshotAssert.Matches("one\n", "Net.Mlp.g.cs", "C", accept: false, "T", callerFile));
        Assert.Contains("No snapshot", missing.Message);
        Assert.True(File.Exists(received));
        Assert.False(File.Exists(verified));

        // Accepting it writes the snapshot, removes the received file, and still fails.
        XunitException accepted = Assert.Throws<XunitException>(() => SnapshotAssert.Matches("one\n", "Net.Mlp.g.cs", "C", accept: true, "T", callerFile));
        Assert.Contains("Accepted a new snapshot", accepted.Message);
        Assert.Contains("rerun to confirm", accepted.Message);
        Assert.Equal("one\n", File.ReadAllText(verified));
        Assert.False(File.Exists(received));

        // The rerun passes, with or without the variable.
        SnapshotAssert.Matches("one\n", "Net.Mlp.g.cs", "C", accept: false, "T", callerFile);
        SnapshotAssert.Matches("one\n", "Net.Mlp.g.cs", "C", accept: true, "T", callerFile);

        // A changed text: fails with a diff; accepted, it is written and fails again, naming the change.
        XunitException differs = Assert.Throws<XunitException>(() => SnapshotAssert.Matches("two\n", "Net.Mlp.g.cs", "C", accept: false, "T", callerFile));
        Assert.Contains("differs", differs.Message);
        Assert.Equal("one\n", File.ReadAllText(verified));
        XunitException changed = Assert.Throws<XunitException>(() => SnapshotAssert.Matches("two\n", "Net.Mlp.g.cs", "C", accept: true, "T", callerFile));
        Assert.Contains("Accepted a changed snapshot", changed.Message);
        Assert.Contains("+ received 1: two", changed.Message);
        Assert.Equal("two\n", File.ReadAllText(verified));
        SnapshotAssert.Matches("two\n", "Net.Mlp.g.cs", "C", accept: false, "T", callerFile);
    }
}
