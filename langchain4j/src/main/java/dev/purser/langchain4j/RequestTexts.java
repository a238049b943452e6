package dev.purser.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a LangChain4j request the model reads: one text per message (tool calls and results
 * included), the tool definitions, and how many non-text parts (images, audio, files) it carries.
 */
record RequestTexts(List<String> texts, int attachments) {
    static RequestTexts of(ChatRequest request) {
        List<String> texts = new ArrayList<>();
        int attachments = 0;
        for (ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage system) {
                texts.add(system.text());
            } else if (message instanceof UserMessage user) {
                StringBuilder text = new StringBuilder();
                for (Content content : user.contents()) {
                    if (content instanceof TextContent t) {
                        text.append(t.text());
                    } else {
                        attachments++;
                    }
                }
                texts.add(text.toString());
            } else if (message instanceof AiMessage ai) {
                StringBuilder text = new StringBuilder(ai.text() == null ? "" : ai.text());
                if (ai.toolExecutionRequests() != null) {
                    for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                        text.append(' ').append(call.name()).append(' ').append(call.arguments());
                    }
                }
                texts.add(text.toString());
            } else if (message instanceof ToolExecutionResultMessage result) {
                texts.add(result.toolName() + " " + result.text());
            } else if (message instanceof CustomMessage custom) {
                texts.add(String.valueOf(custom.attributes()));
            } else {
                texts.add(String.valueOf(message));
            }
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null) {
            for (ToolSpecification tool : tools) {
                texts.add(tool.toString());
            }
        }
        return new RequestTexts(texts, attachments);
    }
}
