namespace NetGen.Tests
{
    // What the linked oracle files use from tests/NetGen.Tests' Networks.cs, which this program does not link (it
    // declares the test project's hundred networks): the same names, only the members used.

    /// <summary>
    /// The part of tests/NetGen.Tests' ITestNetwork (declared in its Networks.cs, which this program does not link: it
    /// declares the test project's hundred networks) that the linked Numerics.cs uses, for <c>Layout.Of</c>.
    /// Nothing here implements it.
    /// </summary>
    public interface ITestNetwork<T>
        where T : unmanaged
    {
        int Inputs { get; }

        int Hidden { get; }

        int Outputs { get; }
    }

    /// <summary>A copy of tests/NetGen.Tests' Act (Networks.cs), which the linked ErrorBoundedReference.cs names.</summary>
    public enum Act
    {
        Sigmoid,
        Tanh,
        Relu,
    }

    /// <summary>A copy of tests/NetGen.Tests' Out (Networks.cs), which the linked ErrorBoundedReference.cs names.</summary>
    public enum Out
    {
        Sigmoid,
        Softmax,
        Linear,
    }
}
