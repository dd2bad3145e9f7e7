"""The Reports page: income by customer category over time, its charts, table, drill-down and exports."""
