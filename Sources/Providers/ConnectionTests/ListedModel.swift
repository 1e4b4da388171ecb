/// One model an upstream says it serves, as its listing names it.
public struct ListedModel: Sendable, Hashable {
    /// The name to call it by: the model id (OpenAI-style), the deployment (Azure) or the tag (Ollama).
    public var id: String
    /// OpenAI-style listings: who owns it (`system`, `openai`, an organisation…).
    public var ownedBy: String?
    /// Azure only: the model behind the deployment.
    public var upstreamModel: String?
    /// Ollama only: the size of its files.
    public var sizeBytes: Int64?

    public init(id: String, ownedBy: String? = nil, upstreamModel: String? = nil, sizeBytes: Int64? = nil) {
        self.id = id
        self.ownedBy = ownedBy
        self.upstreamModel = upstreamModel
        self.sizeBytes = sizeBytes
    }
}
