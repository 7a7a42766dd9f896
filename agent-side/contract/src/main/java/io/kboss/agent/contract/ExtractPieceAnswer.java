package io.kboss.agent.contract;

/** A piece of an extraction's copy (read-extract). */
public class ExtractPieceAnswer extends AgentAnswer {
    /** The bytes read, in Base64: empty at or beyond the file's end. */
    public String dataBase64;
    /** The file's whole size, so the server can tell the browser the length before the first piece. */
    public long fileBytes;
}
