using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Tests.Core;

public class SharedSubstringsTests
{
    [Fact]
    public void The_same_text_gets_the_same_instance_and_other_text_its_own()
    {
        var shared = new SharedSubstrings();
        var parent = shared.Get("4c7599ae-0a82-49aa-ba5a-4727fcce14a8:17".AsSpan(0, 36));

        shared.Get("4c7599ae-0a82-49aa-ba5a-4727fcce14a8:18".AsSpan(0, 36)).Should().BeSameAs(parent).And.Be("4c7599ae-0a82-49aa-ba5a-4727fcce14a8");
        shared.Get("b0814c91-61c2-4a2b-a790-44781b182ef9").Should().Be("b0814c91-61c2-4a2b-a790-44781b182ef9");
        shared.Get("").Should().BeEmpty();
    }

    [Fact]
    public void Every_text_reads_back_as_itself_however_many_share_a_slot()
    {
        var shared = new SharedSubstrings();
        var texts = Enumerable.Range(0, 5000).Select(i => $"parent-{i % 2500}").ToArray();
        foreach (var text in texts.Concat(texts))
        {
            shared.Get(text).Should().Be(text);
        }

        shared.Get(new string('p', 300)).Should().Be(new string('p', 300));
    }
}
