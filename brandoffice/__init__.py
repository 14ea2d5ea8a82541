"""BrandOffice (党建品牌工作台): the Qt-free core."""

__version__ = "0.1.0"
