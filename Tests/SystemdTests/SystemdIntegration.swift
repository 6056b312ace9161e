import Testing

/// Tests that change the process environment or run system tools; `.serialized` keeps them from racing
/// each other (setenv while another thread spawns a process is undefined behaviour).
@Suite(.serialized) struct SystemdIntegration {}
