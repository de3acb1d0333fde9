using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Messaging;
using InsightsProgram = TalentPlatform.Insights.Program;

namespace TalentPlatform.Insights.Tests;

/// <summary>Insights on its own; tests publish contract events to it as Deals would.</summary>
public sealed class InsightsHost : IAsyncLifetime
{
    private readonly ConsumedMessages _consumed = new();

    public ServiceHost<InsightsProgram> Host { get; private set; } = null!;

    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public IBus Bus => Host.Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        Host = new ServiceHost<InsightsProgram>(
            await TestServers.GetAsync(),
            "services/Insights/TalentPlatform.Insights",
            $"talent_insights_{Guid.NewGuid():N}",
            EntityPrefix);
        await Host.WaitUntilReadyAsync();
        Bus.ConnectConsumeObserver(_consumed);
    }

    /// <summary>Publishes a message as a publisher would, with the MessageId it chose.</summary>
    public Task PublishAsync(object message, Guid messageId) =>
        Bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context => context.MessageId = messageId));

    /// <summary>Sends a message to one of Insights' own queues, signed as Compensation signs tenant rows.</summary>
    public async Task SendAsync(string queue, object message, Guid messageId)
    {
        var (keyId, signature) = Host.Keys.SignAsCompensation(messageId, message);
        var endpoint = await Bus.GetSendEndpoint(new Uri($"queue:{EntityPrefix}{queue}"));
        await endpoint.Send(message, message.GetType(), Pipe.Execute<SendContext>(context =>
        {
            context.MessageId = messageId;
            context.Headers.Set(MessageSignatures.Header, signature);
            context.Headers.Set(MessageSignatures.KeyHeader, keyId);
        }));
    }

    /// <summary>Completes once Insights has consumed (successfully) <paramref name="times"/> deliveries of the message.</summary>
    public Task ConsumedAsync(Guid messageId, int times = 1) => _consumed.WaitAsync(messageId, times).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    private sealed class ConsumedMessages : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _counts = new();
        private readonly List<(Guid Id, int Times, TaskCompletionSource Done)> _waiters = [];

        public Task WaitAsync(Guid messageId, int times)
        {
            lock (_waiters)
            {
                if (_counts.GetValueOrDefault(messageId) >= times)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((messageId, times, done));
                return done.Task;
            }
        }

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.MessageId is not { } id)
            {
                return Task.CompletedTask;
            }

            lock (_waiters)
            {
                var count = _counts.AddOrUpdate(id, 1, (_, previous) => previous + 1);
                foreach (var waiter in _waiters.Where(waiter => waiter.Id == id && waiter.Times <= count).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }

            return Task.CompletedTask;
        }

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
