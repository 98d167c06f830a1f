namespace HardmaxCore.Clustering;

/// <summary>Trained prototype heads with their training path.</summary>
/// <param name="Heads">θ, H × d row-major, after the last step.</param>
/// <param name="Dimension">d.</param>
/// <param name="LoggedSteps">The steps at which the path and the risk were recorded (0 = the initialisation, the last = Steps).</param>
/// <param name="Path">The heads (H × d) at each logged step.</param>
/// <param name="Risk">The empirical risk mean_i ‖x_i − T_Θ(x_i)‖² on the data set at each logged step.</param>
public sealed record PrototypeHeadsResult(double[] Heads, int Dimension, int[] LoggedSteps, double[][] Path, double[] Risk)
{
    /// <summary>H, the number of heads.</summary>
    public int Count => this.Heads.Length / this.Dimension;
}
