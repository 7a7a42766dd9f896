package io.kboss.agent.contract;

/** A validation screenshot read from a store: the PNG's bytes in Base64. */
public class ScreenshotAnswer extends AgentAnswer {
    public String pngBase64;
}
