/// A stage that failed, with a message that tells the admin what to do next.
struct ConnectionFailure: Error, Sendable {
    let stage: ConnectionStage
    let code: ConnectionErrorCode
    let message: String
}

/// What the stages that passed found out.
struct ConnectionFindings: Sendable {
    var stage: ConnectionStage
    var modelsFound: Int?
    var modelIDs: [String]?
    var serverVersion: String?
    var modelTested: String?
}
