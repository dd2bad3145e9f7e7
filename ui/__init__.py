"""The NiceGUI user interface. Calls services; never imports tortoise or builds queries."""
