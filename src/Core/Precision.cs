namespace HardmaxCore;

/// <summary>The floating-point type the Core runs the dynamics in.</summary>
public enum Precision
{
    /// <summary>Dynamics&lt;double&gt;: the default, comparable with the Reference.</summary>
    Double = 0,

    /// <summary>Dynamics&lt;float&gt;: faster, about 7 significant digits.</summary>
    Float,
}
