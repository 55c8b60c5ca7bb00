using System.Text.Json;
using SimCache.Data.Ingest;
using SimCache.Data.Synthetic;
using SimCache.Experiments.Config;
using SimCache.Training.Training;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Experiments.Tests.Config;

/// <summary>experiments.schema.json and the loader must agree: same keys, same enumerations, and the committed files valid under both.</summary>
public class SchemaTests
{
    private static readonly string Repo = FindRepo();
    private static readonly JsonDocument Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo, "experiments.schema.json")));

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("the repository root (Simulator.sln) is not above " + AppContext.BaseDirectory);
    }

    private static JsonElement Definition(string name) => name == "root" ? Schema.RootElement : Schema.RootElement.GetProperty("$defs").GetProperty(name);

    private static IEnumerable<string> CommittedFiles() =>
        Directory.GetFiles(Path.Combine(Repo, "experiments"), "*.json").Append(Path.Combine(Repo, "experiments.json")).Order(StringComparer.Ordinal);

    [Fact]
    public void EveryObjectOfTheSchemaListsExactlyTheKeysTheLoaderAccepts()
    {
        foreach (var (definition, keys) in ExperimentFileKeys.BySchemaDefinition)
        {
            var d = Definition(definition);
            var properties = d.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.True(keys.Order(StringComparer.Ordinal).SequenceEqual(properties), $"{definition}: loader [{string.Join(", ", keys)}] vs schema [{string.Join(", ", properties)}]");
            if (definition == "cache") Assert.Equal(JsonValueKind.Object, d.GetProperty("additionalProperties").ValueKind); // parameters are open
            else Assert.False(d.GetProperty("additionalProperties").GetBoolean(), $"{definition} must refuse unknown keys as the loader does");
        }
        // Every object definition of the schema is one the loader knows.
        foreach (var def in Schema.RootElement.GetProperty("$defs").EnumerateObject().Where(d => d.Value.TryGetProperty("properties", out _)))
            Assert.True(ExperimentFileKeys.BySchemaDefinition.ContainsKey(def.Name), $"$defs/{def.Name} has no counterpart in ExperimentFileKeys");
    }

    [Fact]
    public void TheSchemasEnumerationsAreTheCodes()
    {
        string[] Enum(string def, string property) => Definition(def).GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(RatingFormats.Names, Enum("file", "format"));
        Assert.Equal(SyntheticOptions.PresetNames, Enum("synthetic", "preset"));
        Assert.Equal(TrainOptions.Models, Enum("training", "model"));
        Assert.Equal(GeometrySpec.CovarianceTypes, Enum("geometry", "gmm_cov"));
        Assert.Equal(ParameterRange.MaxSteps, Definition("range").GetProperty("properties").GetProperty("steps").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void TheCommittedExperimentFilesValidateAgainstTheSchemaAndLoad()
    {
        var validator = new MiniSchemaValidator(Schema.RootElement);
        foreach (var file in CommittedFiles())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var errors = validator.Validate(doc.RootElement);
            Assert.True(errors.Count == 0, file + ":\n" + string.Join("\n", errors));
            Assert.NotEmpty(ExperimentFile.Load(file).Experiments);
        }
    }

    [Theory]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": [100, 1000], "threshold": { "from": 0.2, "to": 2, "steps": 10 } } ], "seeds": [1, 2], "simulator": { "index": ["exact", "hnsw(ef=128)"], "latency": "exp(mean=0.05)", "ttl": "none", "arrivals": "trace", "warmup": 100, "window": 500 } } } ] }""", true)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {}, "file": { "path": "a", "format": "csv" } } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "threshold": { "from": 0.2, "to": 2 } } ] } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": { "from": 0.2, "to": 2, "steps": 10, "relative": true } } ] } } ] }""", true)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": { "values": [0.5, 1, 2], "relative": true } } ] } } ] }""", true)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": { "values": [0.5], "from": 0.2, "to": 2, "steps": 10 } } ] } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": { "values": [0.5], "relative": "yes" } } ] } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "capacity": 10 } ] } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "lru", "Capacity": 10 } ] } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "trace": { "warmup": 0 } } ] }""", false)]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "lru" } ], "seeds": [1, 1] } } ] }""", false)]
    public void TheSchemaAcceptsAndRefusesAsTheLoaderDoes(string json, bool valid)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(valid, new MiniSchemaValidator(Schema.RootElement).Validate(doc.RootElement).Count == 0);
        using var dir = new TempDir();
        var path = dir.File("e.json", json);
        if (valid) ExperimentFile.Load(path);
        else Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ExperimentFile.Load(path));
    }
}
