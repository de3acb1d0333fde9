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

    [Fact]
    public void The_manifests_run_each_host_from_the_image_its_project_builds()
    {
        var ignored = new List<string>();
        var manifests = Manifest.ReadAll(Kustomize.Render(Path.Combine(Kustomize.K8sFolder, "overlays", "prod")), ignored);
        var projects = Directory.EnumerateFiles(Path.Combine(Kustomize.RepositoryRoot, "services"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Kustomize.RepositoryRoot, "gateway"), "*.csproj", SearchOption.AllDirectories))
            .Where(project => File.ReadAllText(project).Contains("<TalentHostName>", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(6, projects.Count);

        foreach (var project in projects)
        {
            var properties = Kustomize.ProjectProperties(project, "TalentHostName", "ContainerRepository", "ContainerImageTags");
            var host = properties["TalentHostName"];
            var image = $"{properties["ContainerRepository"]}:{properties["ContainerImageTags"]}";
            var deployment = Assert.Single(manifests, m => m.Kind == "Deployment" && m.Name == host).As<k8s.Models.V1Deployment>();
            Assert.Equal(image, Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
        }
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
