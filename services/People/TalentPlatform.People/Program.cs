using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddEventStore("talent_people", _ => { });
        builder.AddMessageBus("people");

        var app = builder.Build();
        app.UseServiceDefaults();
        await app.RunAsync();
    }
}
