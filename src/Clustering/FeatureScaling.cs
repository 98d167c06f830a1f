namespace HardmaxCore.Clustering;

/// <summary>How the coordinates are rescaled before clustering (SPEC §6.3: β and λ are in 1/(data units)²).</summary>
public enum FeatureScaling
{
    /// <summary>Chosen from the data by <see cref="FeatureScaler.Choose"/>: <see cref="Robust"/> when a column has a far
    /// outlier, else <see cref="Standard"/> when the columns' spreads differ by more than
    /// <see cref="FeatureScaler.SpreadRatioLimit"/>, else <see cref="None"/>.</summary>
    Automatic,

    /// <summary>The coordinates as given.</summary>
    None,

    /// <summary>Per column <c>(x − mean)/std</c> (population standard deviation, as scikit-learn's <c>StandardScaler</c>).</summary>
    Standard,

    /// <summary>Per column <c>(x − median)/IQR</c> (as scikit-learn's <c>RobustScaler</c>): one far point does not squash the others.</summary>
    Robust,
}
