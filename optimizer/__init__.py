"""What we plan: routes (garbage, sweeping, toilets, patrols), territories and crew rosters."""
