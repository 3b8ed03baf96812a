"""Địa Bàn: cadres assigned to follow and support the grassroots (theo dõi, hỗ trợ cơ sở)."""

__version__ = "0.1.0"
