namespace TalentPlatform.Deploy.Tests;

/// <summary>deploy/images: the one command that builds every host's image (it cannot build here: no base image).</summary>
public sealed class ImagesTests
{
    [Fact]
    public void Its_help_names_every_host_the_repository_builds()
    {
        var (exitCode, output) = Kustomize.Images("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("-t:PublishContainer", output, StringComparison.Ordinal);
        Assert.Contains("default: all of gateway compensation deals insights people webhooks", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tag", "latest", "refusing the tag 'latest'")]
    [InlineData("billing", null, "unknown host 'billing'")]
    public void It_refuses_what_it_cannot_build(string argument, string? value, string expected)
    {
        var (exitCode, output) = value is null ? Kustomize.Images(argument) : Kustomize.Images(argument, value);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }
}
