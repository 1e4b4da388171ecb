import Testing

@Suite struct LocalModelsPlaceholderTests {
    @Test func builds() {}
}
