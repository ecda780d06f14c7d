"""Datasheet: the seven sections of Gebru et al. (2021), "Datasheets for Datasets"."""

from __future__ import annotations

from dataclasses import dataclass

from fairkit.accountability._document import Document, items, section, text

__all__ = [
    "Collection",
    "Composition",
    "Datasheet",
    "Distribution",
    "Maintenance",
    "Motivation",
    "Preprocessing",
    "Uses",
]


@dataclass
class Motivation:
    """Why the data set was created, by whom, and who paid for it."""

    purpose: str = text("For what purpose was the dataset created?")
    creators: str = text("Who created it, on behalf of which entity?")
    funding: str = text("Who funded its creation?")
    other: str = text("Other comments")


@dataclass
class Composition:
    """What the instances are, how many, what is missing, and who can be identified."""

    instances: str = text("What do the instances represent?")
    count: str = text("How many instances are there (of each type)?")
    sampling: str = text("Is it a sample? Of what larger set, and is it representative?")
    features: str = text("What data does each instance consist of?")
    labels: str = text("Is there a label or target associated with each instance?")
    missing: str = text("Is any information missing from individual instances?")
    splits: str = text("Are there recommended data splits?")
    noise: str = text("Are there errors, sources of noise or redundancies?")
    external: str = text("Does it rely on external resources?")
    confidential: str = text("Does it contain confidential data?")
    offensive: str = text("Could any of it be offensive, insulting or threatening?")
    subpopulations: str = text("Does it identify subpopulations (e.g. by age, sex, race)?")
    identifiable: str = text("Can individuals be identified, directly or indirectly?")
    sensitive: str = text("Does it contain sensitive data (e.g. race, health, finances)?")


@dataclass
class Collection:
    """How, when and by whom the data were collected, and with what consent."""

    acquisition: str = text("How was the data associated with each instance acquired?")
    mechanisms: str = text("What mechanisms or procedures were used to collect it?")
    sampling_strategy: str = text("If a sample, what was the sampling strategy?")
    collectors: str = text("Who was involved in collection, and how were they paid?")
    timeframe: str = text("Over what timeframe was it collected?")
    ethical_review: str = text("Were any ethical review processes conducted?")
    notification: str = text("Were the individuals notified about the collection?")
    consent: str = text("Did the individuals consent, and how?")
    revocation: str = text("Can consent be revoked, and how?")
    impact_analysis: str = text("Has an analysis of the impact on data subjects been done?")


@dataclass
class Preprocessing:
    """Cleaning, labelling and other transformations, and whether the raw data was kept."""

    preprocessing: str = text("What preprocessing, cleaning or labelling was done?")
    raw_data: str = text("Was the raw data saved in addition to the processed data?")
    software: str = text("Is the software used to preprocess the data available?")


@dataclass
class Uses:
    """What the data set has been and may be used for, and what it must not be used for."""

    prior_uses: str = text("Has the dataset been used for any tasks already?")
    repository: str = text("Is there a repository of papers or systems that use it?")
    other_uses: str = text("What (other) tasks could it be used for?")
    risks: str = text("Could its composition or collection harm future uses (unfair treatment)?")
    unsuitable_uses: list[str] = items("Tasks for which it should not be used")


@dataclass
class Distribution:
    """Who it is shared with, how, when, and under which terms."""

    recipients: str = text("Will it be distributed to third parties?")
    method: str = text("How will it be distributed (e.g. tarball, API, DOI)?")
    date: str = text("When will it be distributed?")
    license: str = text("Under which copyright or IP licence, or terms of use?")
    restrictions: str = text("Have third parties imposed restrictions?")
    export_controls: str = text("Do export controls or other regulatory restrictions apply?")


@dataclass
class Maintenance:
    """Who keeps the data set up to date, how errors are fixed and old versions retired."""

    maintainer: str = text("Who will support, host and maintain it?")
    contact: str = text("How can the owner or curator be contacted?")
    erratum: str = text("Is there an erratum?")
    updates: str = text("Will it be updated (corrections, additions, deletions), how often?")
    retention: str = text("Are there limits on retaining the data about people?")
    versioning: str = text("Will older versions continue to be supported?")
    contributions: str = text("Can others extend or contribute to it, and how?")


@dataclass
class Datasheet(Document):
    """A datasheet for a data set (Gebru et al. 2021): seven sections of questions.

    ``name`` and ``version`` identify the data set; each section is a dataclass whose fields
    are the paper's questions (their text is the label shown). :meth:`validate` lists the
    empty sections; it renders and round-trips like :class:`ModelCard`.

    Examples
    --------
    >>> sheet = Datasheet(name="German credit", motivation=Motivation(purpose="Credit research"))
    >>> sheet.validate()
    ['Composition', 'Collection process', 'Preprocessing, cleaning and labelling', 'Uses', \
'Distribution', 'Maintenance']
    >>> print(sheet.to_markdown().splitlines()[0])
    # Datasheet: German credit
    >>> Datasheet.from_dict(sheet.to_dict()) == sheet
    True
    """

    name: str = ""
    version: str = ""
    motivation: Motivation = section("Motivation", Motivation)
    composition: Composition = section("Composition", Composition)
    collection_process: Collection = section("Collection process", Collection)
    preprocessing: Preprocessing = section("Preprocessing, cleaning and labelling", Preprocessing)
    uses: Uses = section("Uses", Uses)
    distribution: Distribution = section("Distribution", Distribution)
    maintenance: Maintenance = section("Maintenance", Maintenance)

    @property
    def title(self) -> str:
        name = " ".join(p for p in (self.name.strip(), self.version.strip()) if p)
        return f"Datasheet: {name}" if name else "Datasheet"
