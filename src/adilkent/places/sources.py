"""The real data files the demo database is built from, with provenance and licence.

Paths are relative to ``settings.DATA_DIR`` (``../shared/data`` by default). A deployment for
another city lists its own files here or passes paths to the import commands.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    key: str
    title_tr: str
    title_en: str
    publisher: str
    licence: str
    attribution: str
    file_name: str


TUIK = "TÜİK, Adrese Dayalı Nüfus Kayıt Sistemi (ADNKS)"
IZBB = "İzmir Büyükşehir Belediyesi açık veri"

POPULATION_2025 = SourceInfo(
    "tuik-adnks-2025",
    "TÜİK ADNKS 2025 mahalle nüfusları",
    "TÜİK ADNKS 2025 mahalle population",
    "TÜİK",
    "attribution required",
    f"Source: {TUIK} 2025",
    "izmir/population/tuik_adnks_2025_raw_export.csv",
)
POPULATION_2025_TIDY = "izmir/population/mahalle_nufus_2025.csv"
DISTRICT_POPULATION_2022 = SourceInfo(
    "tuik-adnks-2022-district-sex",
    "TÜİK ADNKS 2022 ilçe nüfusu (cinsiyete göre)",
    "TÜİK ADNKS 2022 district population by sex",
    "TÜİK",
    "attribution required",
    f"Source: {TUIK} 2022 (via snrylmz/il-ilce-json)",
    "izmir/districts/ilce_nufus_cinsiyet_2022.json",
)
DISTRICT_FIGURES = SourceInfo(
    "tuik-district-area-growth",
    "TÜİK ilçe yüzölçümü ve yıllık nüfus artış hızı",
    "TÜİK district area and annual population growth",
    "TÜİK",
    "attribution required",
    "Source: TÜİK",
    "izmir/districts/ilce_yuzolcum.csv",
)
DISTRICT_GROWTH_FILE = "izmir/districts/ilce_nufus_artis_hizi_raw_export.csv"
DISTRICT_BOUNDARIES = SourceInfo(
    "turkeygeojson-districts",
    "İlçe sınırları (TurkeyGeoJSON, 2021)",
    "District boundaries (TurkeyGeoJSON, 2021)",
    "cagriozkurt/TurkeyGeoJSON",
    "MIT (compiled from unofficial sources)",
    "Boundaries: cagriozkurt/TurkeyGeoJSON (MIT)",
    "izmir/boundaries/izmir_ilceler.geojson",
)
MAHALLE_BOUNDARIES = SourceInfo(
    "turkeygeojson-mahalle",
    "Mahalle sınırları (TurkeyGeoJSON, 2021)",
    "Mahalle boundaries (TurkeyGeoJSON, 2021)",
    "cagriozkurt/TurkeyGeoJSON",
    "MIT (compiled from unofficial sources)",
    "Boundaries: cagriozkurt/TurkeyGeoJSON (MIT)",
    "izmir/boundaries/izmir_mahalleler.geojson",
)
HOSPITALS = SourceInfo(
    "izbb-hospitals",
    "Sağlık kurumları (hastaneler)",
    "Health institutions (hospitals)",
    IZBB,
    "CC BY 4.0",
    "İzmir Metropolitan Municipality open data (CC BY 4.0)",
    "izmir/facilities/hastaneler.csv",
)
AFAD = SourceInfo(
    "afad-assembly-areas",
    "AFAD afet ve acil durum toplanma alanları",
    "AFAD disaster and emergency assembly areas",
    "AFAD / İzmir Büyükşehir Belediyesi",
    "attribution required",
    "Assembly areas: AFAD",
    "izmir/facilities/afad_toplanma_alanlari.csv",
)
OSM_GREEN = SourceInfo(
    "osm-green-spaces",
    "OpenStreetMap yeşil alanlar (park, oyun alanı, spor sahası, bahçe, orman)",
    "OpenStreetMap green spaces (parks, playgrounds, pitches, gardens, forests)",
    "OpenStreetMap",
    "ODbL 1.0",
    "© OpenStreetMap contributors (ODbL)",
    "izmir/facilities/osm_yesil_alanlar.csv",
)
ESHOT_STOPS = SourceInfo(
    "eshot-stops",
    "ESHOT otobüs durakları",
    "ESHOT bus stops",
    IZBB,
    "CC BY 4.0",
    "ESHOT, İzmir Metropolitan Municipality open data (CC BY 4.0)",
    "izmir/transit/eshot-otobus-duraklari.csv",
)
ESHOT_LINES = SourceInfo(
    "eshot-lines",
    "ESHOT otobüs hatları",
    "ESHOT bus lines",
    IZBB,
    "CC BY 4.0",
    "ESHOT, İzmir Metropolitan Municipality open data (CC BY 4.0)",
    "izmir/transit/eshot-otobus-hatlari.csv",
)
ESHOT_CONNECTIONS_FILE = "izmir/transit/eshot-otobus-baglantili-hatlar.csv"
RAIL = SourceInfo(
    "izbb-rail",
    "Raylı sistem hatları ve tramvay istasyonları, bisiklet yolları",
    "Rail lines, tram stations and cycle paths",
    IZBB,
    "CC BY 4.0",
    "İzmir Metropolitan Municipality open data (CC BY 4.0)",
    "izmir/transit/",
)
RAIL_FILES = [
    ("izmir/transit/metro.geojson", "metro"),
    ("izmir/transit/izban.geojson", "suburban"),
    ("izmir/transit/tramvay.geojson", "tram"),
    ("izmir/transit/bisikletyollari.geojson", "bicycle"),
]
TRAM_STATION_FILES = [
    ("izmir/transit/tramvay-konak-konumlar.csv", "Konak Tramvayı"),
    ("izmir/transit/tramvay-karsiyaka-konumlar.csv", "Karşıyaka Tramvayı"),
    ("izmir/transit/tramvay-cigili-konumlar.csv", "Çiğli Tramvayı"),
]

# Facility types with their names in the six languages of the interface.
FACILITY_TYPES: dict[str, dict[str, str]] = {
    "hospital": {
        "tr": "Hastane", "en": "Hospital", "ar": "مستشفى", "fa": "بیمارستان",
        "ru": "Больница", "uk": "Лікарня", "colour": "#b3261e",
    },
    "assembly_area": {
        "tr": "Afet toplanma alanı", "en": "Disaster assembly area",
        "ar": "منطقة تجمع في حالات الكوارث", "fa": "محل تجمع در زمان بحران",
        "ru": "Пункт сбора при бедствиях", "uk": "Пункт збору під час катастроф",
        "colour": "#8a4b00",
    },
    "park": {
        "tr": "Park", "en": "Park", "ar": "حديقة عامة", "fa": "پارک",
        "ru": "Парк", "uk": "Парк", "colour": "#1e6b35",
    },
    "playground": {
        "tr": "Çocuk oyun alanı", "en": "Playground", "ar": "ملعب أطفال", "fa": "زمین بازی کودکان",
        "ru": "Детская площадка", "uk": "Дитячий майданчик", "colour": "#6a3d9a",
    },
    "sports_pitch": {
        "tr": "Spor sahası", "en": "Sports pitch", "ar": "ملعب رياضي", "fa": "زمین ورزشی",
        "ru": "Спортивная площадка", "uk": "Спортивний майданчик", "colour": "#005a8c",
    },
    "garden": {
        "tr": "Bahçe", "en": "Garden", "ar": "بستان", "fa": "باغ",
        "ru": "Сад", "uk": "Сад", "colour": "#4f6b00",
    },
    "forest": {
        "tr": "Orman / koru", "en": "Forest or woodland", "ar": "غابة", "fa": "جنگل",
        "ru": "Лес", "uk": "Ліс", "colour": "#2f4f2f",
    },
}  # fmt: skip
