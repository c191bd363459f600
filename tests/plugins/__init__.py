"""Real plugin modules the tests register, as an organisation would write them."""
