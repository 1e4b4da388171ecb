import Testing

@Suite struct EventsPlaceholderTests {
    @Test func builds() {}
}
