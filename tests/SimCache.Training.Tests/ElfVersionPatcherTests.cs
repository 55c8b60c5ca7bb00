using System.IO.Compression;
using System.Reflection;
using SimCache.Build;
using TorchSharp;
using Xunit;

namespace SimCache.Training.Tests;

/// <summary>
/// Guards the build-time ELF patch (build/ElfVersionPatcher.cs, linked in): it must flip exactly the intended
/// flag, be a byte-for-byte no-op on the second run (so incremental builds stay quiet), and refuse corrupt input.
/// </summary>
public sealed class ElfVersionPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "simcache-elfpatch-" + Guid.NewGuid().ToString("N"));

    public ElfVersionPatcherTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PatchMarksOnlyTheRequestedVersionWeakAndSecondRunIsANoOp()
    {
        var pristine = ExtractPristineLibrary();
        var path = Path.Combine(_dir, "libLibTorchSharp.so");
        File.WriteAllBytes(path, pristine);

        var before = ElfVersionPatcher.Inspect(pristine, Version);
        Assert.Equal(ElfPatchOutcome.Patched, before.Outcome); // i.e. still needs patching
        Assert.Equal(0, ReadFlags(pristine, before.FlagsOffset) & ElfVersionPatcher.VerFlagWeak);

        var first = ElfVersionPatcher.PatchFile(path, Version);
        Assert.Equal(ElfPatchOutcome.Patched, first.Outcome);
        Assert.Equal("libstdc++.so.6", first.RequiredFrom);
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, first.BoundSymbols);

        var patched = File.ReadAllBytes(path);
        Assert.Equal(pristine.Length, patched.Length);
        Assert.Equal(ElfVersionPatcher.VerFlagWeak, ReadFlags(patched, first.FlagsOffset) & ElfVersionPatcher.VerFlagWeak);
        var differing = Enumerable.Range(0, pristine.Length).Where(i => pristine[i] != patched[i]).ToArray();
        Assert.Equal(new[] { (int)first.FlagsOffset }, differing); // vna_flags low byte only

        var stamp = DateTime.UtcNow.AddDays(-3);
        File.SetLastWriteTimeUtc(path, stamp);
        var second = ElfVersionPatcher.PatchFile(path, Version);
        Assert.Equal(ElfPatchOutcome.AlreadyPatched, second.Outcome);
        Assert.StartsWith("already patched", second.Message);
        Assert.Equal(patched, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void VersionThatIsNotRequiredIsLeftAlone()
    {
        var result = ElfVersionPatcher.Inspect(ExtractPristineLibrary(), "GLIBCXX_9.9.99");
        Assert.Equal(ElfPatchOutcome.VersionNotRequired, result.Outcome);
        Assert.Equal(-1, result.FlagsOffset);
    }

    [Fact]
    public void NonElfInputIsNotApplicable()
    {
        var result = ElfVersionPatcher.Inspect(new byte[128], Version);
        Assert.Equal(ElfPatchOutcome.NotApplicable, result.Outcome);
    }

    [Fact]
    public void TruncatedElfIsRejectedAsCorrupt()
    {
        var pristine = ExtractPristineLibrary();
        // Keep the ELF header but cut the file before the section header table it points to.
        var truncated = pristine.AsSpan(0, 4096).ToArray();
        Assert.Throws<ElfFormatException>(() => ElfVersionPatcher.Inspect(truncated, Version));
    }

    [Fact]
    public void ElfHashMatchesKnownValue()
    {
        // vna_hash stored for GLIBCXX_3.4.32 in TorchSharp's .gnu.version_r (readelf -x .gnu.version_r: 42f89702 LE).
        Assert.Equal(0x0297f842u, ElfVersionPatcher.ElfHash("GLIBCXX_3.4.32"));
        Assert.Equal(0x0u, ElfVersionPatcher.ElfHash(""));
    }

    private static ushort ReadFlags(byte[] image, long offset) => (ushort)(image[offset] | (image[offset + 1] << 8));

    /// <summary>The cache's extracted copy may already be patched by the build; the .nupkg never is.</summary>
    private static byte[] ExtractPristineLibrary()
    {
        var root = typeof(ElfVersionPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value;
        Assert.False(string.IsNullOrEmpty(root));
        var version = typeof(torch).Assembly.GetName().Version!;
        var nupkg = Path.Combine(root!, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", $"torchsharp.{version.Major}.{version.Minor}.{version.Build}.nupkg");
        Assert.True(File.Exists(nupkg), $"missing {nupkg}");
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so");
        Assert.NotNull(entry);
        using var s = entry!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
