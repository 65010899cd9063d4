from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and synthetic data for benchmarks: code that no real use runs, kept out of
    the domain. Its commands (seed_demo, generate_data) refuse a production database."""

    name = "demo"
    verbose_name = "Demo and generated data"
