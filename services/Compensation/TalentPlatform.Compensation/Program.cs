using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        builder.AddEventStore("talent_compensation", _ => { });
        builder.AddMessageBus("compensation");

        var app = builder.Build();
        app.UseServiceDefaults();
        await app.RunAsync();
    }
}
