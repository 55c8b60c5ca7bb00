using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// gmm.json: a fitted mixture as the caching stage loads it. Contract (snake_case): {"kind":"simcache-gmm",
/// "covariance_type":"full"|"diag"|"tied"|"spherical","components":K,"dimension":d,"weights":[K],"means":[K][d],
/// "covariances": full K×d×d, diag K×d, tied d×d, spherical [K]; "mean_log_likelihood","bic","aic",
/// "provenance":{…}}, plus optional extras (samples, parameter_count, iterations, converged, lower_bound).
/// A mixture fitted on principal components also carries "space":"pca", "embedding_dimension":D and
/// "projection":{"mean":[D],"components":[d][D],"explained_variance":s}: "dimension" is then the mixture's own d,
/// points map into its space by z = P·(x − mean) and back by x = mean + Pᵀ·z. A file without "space" (or with
/// "space":"embedding") holds a mixture of the embeddings themselves, as files written before projections did.
/// <see cref="Load"/> is strict: a missing field, a wrong shape, a non-finite number, weights that are not a
/// distribution or a covariance that is not positive definite is a <see cref="DataFormatException"/> naming the field.
/// </summary>
public static class GmmFile
{
    public const string FileName = "gmm.json";
    public const string Kind = "simcache-gmm";

    /// <summary>
    /// Writes <paramref name="fit"/> atomically, with the provenance of the run that made it and, when
    /// <paramref name="projection"/> is given, the map into the space the mixture was fitted in.
    /// </summary>
    public static void Save(string path, GaussianMixtureFit fit, Provenance provenance, IReadOnlyDictionary<string, string>? inputs = null,
        MixtureProjection? projection = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(provenance);
        var m = fit.Model;
        int d = m.Dimension;
        if (projection is not null && projection.Dimension != d)
            throw new ArgumentException($"the projection has {projection.Dimension} axes, the mixture {d} dimensions", nameof(projection));
        var prov = new JsonObject
        {
            ["command"] = provenance.Command,
            ["seed"] = provenance.Seed,
            ["version"] = provenance.Version,
        };
        if (inputs is not null)
            foreach (var (key, value) in inputs) prov[key] = value;
        var root = new JsonObject
        {
            ["kind"] = Kind,
            ["covariance_type"] = CovarianceTypes.Name(m.Type),
            ["components"] = m.Components,
            ["dimension"] = d,
            ["weights"] = Array(m.Weights),
            ["means"] = new JsonArray(m.Means.Select(v => (JsonNode)Array(v)).ToArray()),
            ["covariances"] = m.Type switch
            {
                CovarianceType.Full => new JsonArray(m.Covariances.Select(c => (JsonNode)Matrix(c, d)).ToArray()),
                CovarianceType.Tied => Matrix(m.Covariances[0], d),
                CovarianceType.Diag => new JsonArray(m.Covariances.Select(c => (JsonNode)Array(c)).ToArray()),
                _ => Array(m.Covariances.Select(c => c[0]).ToArray()),
            },
            ["mean_log_likelihood"] = fit.MeanLogLikelihood,
            ["bic"] = fit.Bic,
            ["aic"] = fit.Aic,
            ["samples"] = fit.Samples,
            ["parameter_count"] = fit.ParameterCount,
            ["iterations"] = fit.Iterations,
            ["converged"] = fit.Converged,
            ["lower_bound"] = fit.LowerBound,
            ["provenance"] = prov,
        };
        root["space"] = MixtureSpaces.Name(projection is null ? MixtureSpace.Embedding : MixtureSpace.Pca);
        root["embedding_dimension"] = projection?.EmbeddingDimension ?? d;
        if (projection is not null)
            root["projection"] = new JsonObject
            {
                ["mean"] = Array(projection.Mean),
                ["components"] = new JsonArray(projection.Components.Select(v => (JsonNode)Array(v)).ToArray()),
                ["explained_variance"] = projection.ExplainedVariance,
            };
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads and validates a gmm.json into a model and, for a mixture of principal components, its projection.</summary>
    public static StoredMixture Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "not valid JSON: " + e.Message);
        }
        if (root is not JsonObject obj) throw new DataFormatException(path, "expected a JSON object");
        if (Text(path, obj, "kind") != Kind) throw new DataFormatException(path, $"field 'kind': expected \"{Kind}\"");
        var typeName = Text(path, obj, "covariance_type");
        var type = CovarianceTypes.Parse(typeName) ?? throw new DataFormatException(path, $"field 'covariance_type': unknown value \"{typeName}\" (full, diag, tied or spherical)");
        int k = Integer(path, obj, "components");
        int d = Integer(path, obj, "dimension");
        if (k < 1) throw new DataFormatException(path, "field 'components': must be at least 1");
        if (d < 1) throw new DataFormatException(path, "field 'dimension': must be at least 1");
        var weights = Vector(path, obj["weights"], "weights", k);
        var meansNode = obj["means"] as JsonArray ?? throw new DataFormatException(path, "field 'means': expected an array of K arrays");
        if (meansNode.Count != k) throw new DataFormatException(path, $"field 'means': {meansNode.Count} rows, expected {k}");
        var means = meansNode.Select((row, c) => Vector(path, row, $"means[{c}]", d)).ToArray();
        for (int c = 0; c < k; c++) CheckMagnitude(path, means[c], $"means[{c}]");
        var covNode = obj["covariances"];
        double[][] covariances = type switch
        {
            CovarianceType.Full => Rows(path, covNode, "covariances", k).Select((m, c) => FlatMatrix(path, m, $"covariances[{c}]", d)).ToArray(),
            CovarianceType.Tied => [FlatMatrix(path, covNode, "covariances", d)],
            CovarianceType.Diag => Rows(path, covNode, "covariances", k).Select((v, c) => Vector(path, v, $"covariances[{c}]", d)).ToArray(),
            _ => Vector(path, covNode, "covariances", k).Select(v => new[] { v }).ToArray(),
        };
        foreach (var field in new[] { "mean_log_likelihood", "bic", "aic" }) Number(path, obj, field);
        if (obj["provenance"] is not JsonObject) throw new DataFormatException(path, "field 'provenance': expected an object");
        GaussianMixtureModel model;
        try
        {
            model = new GaussianMixtureModel(type, weights, means, covariances);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, $"field '{e.ParamName}': {e.Message.Split(" (Parameter")[0]}");
        }
        return new StoredMixture(model, Projection(path, obj, d));
    }

    /// <summary>The "space" and "projection" fields: null for a mixture of the embeddings themselves.</summary>
    private static MixtureProjection? Projection(string path, JsonObject obj, int d)
    {
        var spaceName = obj["space"] is null ? MixtureSpaces.Name(MixtureSpace.Embedding) : Text(path, obj, "space");
        var space = MixtureSpaces.Parse(spaceName)
                    ?? throw new DataFormatException(path, $"field 'space': unknown value \"{spaceName}\" ({string.Join(" or ", MixtureSpaces.Names)})");
        if (space == MixtureSpace.Embedding)
        {
            if (obj["projection"] is not null)
                throw new DataFormatException(path, "field 'projection': present, but 'space' says the mixture was fitted on the embeddings themselves");
            if (obj["embedding_dimension"] is not null && Integer(path, obj, "embedding_dimension") != d)
                throw new DataFormatException(path, $"field 'embedding_dimension': must equal 'dimension' ({d}) for a mixture of the embeddings themselves");
            return null;
        }
        if (obj["projection"] is not JsonObject p)
            throw new DataFormatException(path, "field 'projection': 'space' is \"pca\", so the file must carry the projection (mean, components, explained_variance)");
        int embedding = Integer(path, obj, "embedding_dimension");
        if (embedding < d) throw new DataFormatException(path, $"field 'embedding_dimension': {embedding} is less than the mixture's dimension {d}");
        var mean = Vector(path, p["mean"], "projection.mean", embedding);
        CheckMagnitude(path, mean, "projection.mean");
        var rows = Rows(path, p["components"], "projection.components", d);
        var components = rows.Select((row, c) => Vector(path, row, $"projection.components[{c}]", embedding)).ToArray();
        double explained = Finite(path, p["explained_variance"], "projection.explained_variance");
        try
        {
            return new MixtureProjection(mean, components, explained);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, $"field 'projection.{e.ParamName switch { "explainedVariance" => "explained_variance", var n => n }}': {e.Message.Split(" (Parameter")[0]}");
        }
    }

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray Matrix(double[] flat, int d) =>
        new(Enumerable.Range(0, d).Select(i => (JsonNode)Array(flat.Skip(i * d).Take(d))).ToArray());

    private static string Text(string path, JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new DataFormatException(path, $"field '{field}': expected a string");

    private static int Integer(string path, JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.TryGetValue<int>(out var i) ? i : throw new DataFormatException(path, $"field '{field}': expected an integer");

    private static double Number(string path, JsonObject obj, string field) => Finite(path, obj[field], field);

    private static double Finite(string path, JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue<double>(out var x) && double.IsFinite(x) ? x : throw new DataFormatException(path, $"field '{field}': expected a finite number");

    private static double[] Vector(string path, JsonNode? node, string field, int length)
    {
        if (node is not JsonArray a) throw new DataFormatException(path, $"field '{field}': expected an array of {length} numbers");
        if (a.Count != length) throw new DataFormatException(path, $"field '{field}': {a.Count} values, expected {length}");
        return a.Select((x, i) => Finite(path, x, $"{field}[{i}]")).ToArray();
    }

    /// <summary>
    /// A mean becomes a cache key (gmm-placement places keys at the means), so its components obey the rule the
    /// vector readers apply to traces (<see cref="VectorMagnitude.ComponentLimit"/>): a component beyond it would
    /// overflow float in a distance, deep inside a replay, instead of being refused here with the field named.
    /// </summary>
    private static void CheckMagnitude(string path, double[] vector, string field)
    {
        double limit = VectorMagnitude.ComponentLimit(vector.Length);
        for (int i = 0; i < vector.Length; i++)
            if (!(Math.Abs(vector[i]) <= limit))
                throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture,
                    $"field '{field}[{i}]': {vector[i]:R} is too large: at dimension {vector.Length} a squared distance could overflow float; components must be within ±{limit:G3}"));
    }

    private static JsonNode?[] Rows(string path, JsonNode? node, string field, int count)
    {
        if (node is not JsonArray a) throw new DataFormatException(path, $"field '{field}': expected an array of {count} entries");
        if (a.Count != count) throw new DataFormatException(path, $"field '{field}': {a.Count} entries, expected {count}");
        return a.ToArray();
    }

    private static double[] FlatMatrix(string path, JsonNode? node, string field, int d) =>
        Rows(path, node, field, d).SelectMany((row, i) => Vector(path, row, $"{field}[{i}]", d)).ToArray();
}
