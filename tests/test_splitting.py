"""Sentence splitting around abbreviations of news, science and legal writing.

Each row is a paragraph written as its sentences; the splitter must cut the
joined paragraph exactly there: an abbreviation ends no sentence whether a
capital, a number or lower case follows, while a real sentence end after a
company or country abbreviation ("... Acme Corp. The firm ...") still cuts.
"""

from __future__ import annotations

import pytest

from factcheck.claims import sentence_starts

ROWS: list[tuple[str, ...]] = [
    # Titles and honorifics before names
    ("Dr. Amelia Ross chairs the transit board.",),
    ("Prof. Miriam Ashe of St. Clair Univ. said the ruling removes most of the exposure.",),
    ("Mr. Okonkwo and Mrs. Lee voted against the plan.",),
    ("Cllr. Tom Avery said the cap was a breathing space.",),
    ("Gov. Ana Reyes signed the bill on Friday.", "It takes effect in July."),
    ("Sen. Paul Grant and Rep. Dana Hill wrote the amendment.",),
    ("Gen. Rao and Col. Mbeki inspected the base.",),
    ("Rev. Jane Okafor led the service at St. Mary's Church.",),
    ("The clinic is run by Dr. Helen Park, D.Sc., a former surgeon.",),
    ("Jane Roe, Ph.D., leads the laboratory.",),
    ("Jane Roe, Ph.D. in chemistry, leads the laboratory.",),
    ("The award went to Martin Luther King Jr. in 1964.",),
    # Companies
    ("Shares of Brightline Bros. Inc. rose 6% on Monday.",),
    ("Analysts at Corvane Ltd. estimate the damages at $19 million.",),
    ("Thermal Sys. Corp. sued Brightline Bros. Inc., a thermostat maker.",),
    ("Acme Co. and Delta Corp. agreed to merge.",),
    ("The contract went to Harbour Holdings Ltd. last year.",),
    ("The fund invests in Acme Corp.", "The firm was founded in 1999."),
    ("Revenue at Brightline Bros. Inc. fell.", "The company blamed the weather."),
    ("The deal values Northwind Inc. at $2 billion.", "It closes in May."),
    # Countries and institutions
    ("The U.S. Court of Appeals narrowed the ruling.",),
    ("He moved to the U.S. in 2010.",),
    ("He moved to the U.S.", "The next year he founded a firm."),
    ("Exports to the U.K. rose 4% in March.",),
    ("The U.N. Security Council met on Tuesday.",),
    ("The Fed. Cir. affirmed the judgment.",),
    ("The case is Thermal Sys. Corp. v. Brightline Bros. Inc., No. 23-1187 (Fed. Cir. 2026).",),
    ("The appeal was heard by the Ninth Cir. in 2024.",),
    # Numbers and locators
    ("The patent is U.S. Pat. No. 9,441,203.",),
    ("Claims 3 and 7 of U.S. Pat. No. 9,441,203 were found valid.",),
    ("See Vol. 2, No. 4 of the journal.",),
    ("The data are in Fig. 4 and Figs. 6-8.",),
    ("Table 2 and Eq. 3 give the model.",),
    ("The appeals panel disagreed, cf. Sect. 3.2 of the opinion.",),
    ("Sect. 12 of the act sets the penalty.",),
    ("The results are in Ref. 14 and Refs. 15-17.",),
    ("As Ch. 5 shows, the trend reversed.",),
    ("The quote is on pp. 14-15 of the report.",),
    ("Art. 6 of the treaty applies.",),
    ("Para. 4 of the ruling addresses costs.",),
    # Latin connectives and approximations
    ("The dispute concerns approx. 14 million thermostats.",),
    ("The sample was approx. 40 km wide.",),
    ("Sales rose, incl. units sold under the HomeSense brand.",),
    ("Costs rose, e.g. fuel and wages.",),
    ("Costs rose, e.g. Fuel and wages were the largest items.",),
    ("The main input, i.e. natural gas, doubled in price.",),
    ("The main input, i.e. Natural gas, doubled in price.",),
    ("Revised damages are $19 million, vs. $48.2 million before.",),
    ("The vote was 31 vs. 12.",),
    ("Growth was faster than expected, cf. Smith's estimate.",),
    ("The site dates to ca. 1200 BC.",),
    ("The population, est. 40,000 in 1900, has doubled.",),
    ("Some areas, esp. coastal ones, flooded.",),
    # Places and times
    ("The depot on Harbour Rd. will close.",),
    ("The shop at 14 Market St. opened in 2019.",),
    ("The shop is on Market St. near the station.",),
    ("Mt. Kenya is 5,199 metres high.",),
    ("The bus leaves at 5 a.m. on Fridays.",),
    ("The bus leaves at 11 p.m.", "It returns at 5 a.m."),
    ("The board met on Jan. 14 and Feb. 3.",),
    ("The rules change in Sept. 2026.",),
    # Authors and references
    ("Lindqvist et al. (2020) reported the opposite pattern.",),
    ("Chaplot et al. found that deeper layers matter.",),
    ("The method follows Smith et al.", "The results were checked twice."),
    ("The Univ. of Leeds ran the trial.",),
    ("The Dept. of Health published the figures.",),
    ("Apples, pears, etc. are sold by weight.",),
    ("The stall sells apples, pears, etc. at the market.",),
    # Ordinary sentence ends still cut
    ("It is sold through the Quill app.", "The model is available in Canada."),
    ("She collects modern art.", "Her gallery opened in 2019."),
    ("The council voted 31 to 12.", "The cap covers 2,300 homes."),
    ("Rents rose 11.4% last year.", "Wages rose 3%."),
    ("Prices fell at No. 1 Street, the agents said.", "Rents did not."),
    ("A second vote follows if Calder Vale votes no.", "Calder Vale students vote in May."),
    ("The deed is listed as No. IV in the register.",),
    ("He wore the shirt No. #9 last season.",),
    ("Asked about a merger, the board said no.", "Harwick Council then withdrew the plan."),
]


def _sentences(text: str) -> list[str]:
    starts = sentence_starts(text)
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@pytest.mark.parametrize("row", ROWS, ids=[row[0][:40] for row in ROWS])
def test_abbreviations_do_not_end_sentences(row: tuple[str, ...]) -> None:
    assert _sentences(" ".join(row)) == list(row)


def test_table_is_large_enough() -> None:
    assert sum(len(row) for row in ROWS) >= 60
