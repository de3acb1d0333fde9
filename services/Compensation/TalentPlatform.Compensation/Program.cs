using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddEventStore("talent_compensation", _ => { });
        builder.AddMessageBus("compensation");

        var app = builder.Build();
        app.UseServiceDefaults();
        await app.RunAsync();
    }
}
