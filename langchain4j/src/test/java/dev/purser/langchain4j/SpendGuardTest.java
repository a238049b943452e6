package dev.purser.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import org.junit.jupiter.api.Test;

/** docs/LANGCHAIN4J.md: what is counted before a call, and which failures release the hold. */
class SpendGuardTest {
    @Test
    void every_message_kind_and_every_attachment_is_counted() {
        ChatRequest request = ChatRequest.builder().messages(
                SystemMessage.from("You are terse."),
                UserMessage.from(TextContent.from("Look at this: "), ImageContent.from("https://example.invalid/a.png")),
                AiMessage.from(ToolExecutionRequest.builder().id("1").name("search").arguments("{\"q\":\"x\"}").build()),
                ToolExecutionResultMessage.from("1", "search", "nothing found")).build();

        RequestTexts texts = RequestTexts.of(request);

        assertThat(texts.texts()).containsExactly("You are terse.", "Look at this: ", " search {\"q\":\"x\"}", "search nothing found");
        assertThat(texts.attachments()).isEqualTo(1);
    }

    @Test
    void an_error_status_from_the_provider_releases_and_anything_else_commits_the_hold() {
        assertThat(SpendGuard.providerRefused(new HttpException(500, "boom"))).isTrue();
        assertThat(SpendGuard.providerRefused(new RuntimeException(new InvalidRequestException("bad")))).isTrue();
        assertThat(SpendGuard.providerRefused(new TimeoutException("slow"))).isFalse();
        assertThat(SpendGuard.providerRefused(new RuntimeException("connection reset"))).isFalse();
    }
}
