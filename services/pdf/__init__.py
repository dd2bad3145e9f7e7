"""Invoice PDFs: fonts that cover many scripts, the layout, and rendering off the event loop."""
