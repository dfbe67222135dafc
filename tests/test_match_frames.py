"""Frames read from the parse, and the conflicts found between a claim's and its evidence's.

Sentences are written here; each signal is shown firing on the error it names and
staying quiet on a faithful rewording of the same sentence (active/passive, a quote
given to its speaker, the hedge kept).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import models
from factcheck.config import Config
from factcheck.errors import ConfigError
from factcheck.match import default_scorer, verdict_for
from factcheck.match.frames import Sentence
from factcheck.match.parser import Parser, require
from factcheck.match.signals.frames import _bound_otherwise, conflicts

CONFIG = Config(use_cache=False)
PARSER = Parser(CONFIG)


def signals(claim: str, *evidence: str) -> dict[str, float]:
    parsed = PARSER.sentences([claim, *evidence])
    return {k: v for k, v in conflicts(parsed[0], parsed[1:])[0].items() if v}


DEAL = "Northwind Energy agreed to acquire Solbright Systems for $2.1 billion."


def test_passive_is_the_same_frame_as_active() -> None:
    assert signals("Solbright Systems was acquired by Northwind Energy.", DEAL) == {}
    assert signals("Northwind Energy acquired Solbright Systems.", DEAL) == {}


def test_swapped_agent_and_patient() -> None:
    assert "frame_swap" in signals("Solbright Systems agreed to acquire Northwind Energy.", DEAL)
    # The passive read the other way round is the same swap.
    assert "frame_swap" in signals("Northwind Energy was acquired by Solbright Systems.", DEAL)
    page = "Harwick United beat Valdora 3-1 on Saturday."
    assert "frame_swap" in signals("Valdora beat Harwick United 3-1 on Saturday.", page)
    assert signals("Harwick United beat Valdora 3-1 on Saturday.", page) == {}
    # The agent exchanged with another argument than the patient, around the same patient.
    lent = "The trust lent 2 million pounds to the council."
    assert "frame_swap" in signals("The council lent 2 million pounds to the trust.", lent)
    assert signals("The trust lent the council 2 million pounds.", lent) == {}
    # Without a patient, a sentence read both ways says the same.
    assert signals("The chief executive is Ilse Varga.", "Ilse Varga is the chief executive.") == {}
    assert signals("The union met with the employers on Tuesday.",
                   "The employers met with the union on Tuesday.") == {}
    # A word both parties' names share does not tell them apart.
    asked = "Brindle Gas has asked Marrow Gas to cut its prices by 4 per cent."
    assert "frame_swap" in signals("Marrow Gas has asked Brindle Gas to cut its prices by 4 "
                                   "per cent.", asked)
    assert signals("Brindle Gas asked Marrow Gas to cut its prices by 4 per cent.", asked) == {}


def test_the_agent_exchanged_with_another_argument_around_the_same_object() -> None:
    """The small model reads "give the union notice" as a recipient beside the object and
    "give employers notice" as one object of two nouns: the agent of one frame is an
    argument of the other, whichever slot it lands in, around the same object."""
    _swap_only_in_the_first(
        "Under regional employment law, the union must give employers at least 14 days' "
        "notice of any strike action.",
        "Under regional employment law, employers must give the union at least 14 days' "
        "notice of any strike action.",
        "Under regional employment law, the union must give employers 14 days' notice of a "
        "strike.")


def test_parties_exchanged_around_a_shared_word_without_an_object() -> None:
    """Without an object, a word the two frames share besides the parties is what they act
    on: the parties behind "agreed to" exchanged are a swap. A copula, a change and a
    meeting read both ways are not."""
    page = "The college has agreed to the council's proposal for a lease on the depot site."
    assert "frame_swap" in signals(
        "The council has agreed to the college's proposal for a lease on the depot site.", page)
    assert "frame_swap" not in signals(
        "The college agreed to a proposal from the council for a lease on the depot site.", page)
    # Parties behind "with" or "against" read both ways around the thing in question.
    assert "frame_swap" not in signals("The union agreed with the trust on a new pay deal.",
                                       "The trust agreed with the union on a new pay deal.")
    assert "frame_swap" not in signals(
        "The firm competed against the council for the rail contract.",
        "The council competed against the firm for the rail contract.")
    assert "frame_swap" not in signals(
        "Its estimated cost had grown from an approved budget of 612 million euros to 748 "
        "million euros.",
        "The approved budget of 612 million euros has grown to an estimated 748 million euros.")
    assert "frame_swap" not in signals(
        "The biggest cost of the scheme was the new bridge, according to the report.",
        "The new bridge was the biggest cost of the scheme, according to the report.")


def test_two_clauses_with_their_agents_the_other_way_round() -> None:
    """Each of two clauses has the other's agent on the page: the parties are the same
    two, exchanged, even when they are common nouns ("the ministry"), which one clause
    alone could not tell from a rewording."""
    _swap_only_in_the_first(
        "Brevane will pay 18 million crowns, and the ministry will withdraw its claim.",
        "The ministry will pay Brevane 18 million crowns and Brevane will withdraw its "
        "claim.",
        "Brevane will pay the ministry 18 million crowns, and the ministry will withdraw "
        "its claim.")
    assert "frame_swap" not in signals(
        "The council will fund the new scheme and the airport company will run it.",
        "The scheme will be run by the airport company, and the council will fund it.")


def test_who_told_whom_is_compared() -> None:
    # A verb of speech is not compared for what was said, but who told or wrote to whom is.
    page = ("Talks ended on 3 May, when the board told the union negotiators that it could "
            "not raise its offer.")
    assert "frame_swap" in signals("Talks ended on 3 May, when the union negotiators told "
                                   "the board that they could not raise their offer.", page)
    assert "frame_swap" not in signals("Talks ended on 3 May, when the board told the union "
                                       "negotiators that it could not raise its offer.", page)
    letter = "In April, Corrin Homes wrote to the Millhouse Theatre asking it to share the cost."
    assert "frame_swap" in signals("In April, the Millhouse Theatre wrote to Corrin Homes "
                                   "asking it to share the cost.", letter)
    # The names of what was said are not the parties: the hearer is the same in both.
    assert "frame_swap" not in signals("Ruiz told Okafor Holdings that the Brackwell bid had "
                                       "failed.", "Brackwell told Okafor Holdings through Ruiz "
                                       "that the bid had failed.")
    # "According to" names a speaker and no hearer: nothing to exchange.
    review = ("Rents rose by 6.1% in 2024, according to the annual Lowmere Rent Review "
              "published by the Harlan Housing Institute.")
    assert "frame_swap" not in signals("Rents climbed 6.1% in 2024, according to the Harlan "
                                       "Housing Institute.", review)


def _swap_only_in_the_first(page: str, swapped: str, kept: str) -> None:
    assert signals(swapped, page).get("frame_swap") == 1
    assert "frame_swap" not in signals(kept, page)


def test_a_passive_by_a_measure_has_no_agent() -> None:
    """"Approved by 16 votes to two" measures the approval; the votes did not approve.
    Read as the agent, the clubs of the claim's active voice looked exchanged with them.
    A by-phrase with a determiner is still the agent ("by a group of 12 investors")."""
    page = ("The contract was approved at a shareholders' meeting of the 18 clubs on Monday "
            "by 16 votes to two.")
    assert "frame_swap" not in signals("Clubs approved the contract by 16 votes to two, with "
                                       "Harwick FC opposed.", page)
    bought = "Valdora Foods was acquired by a group of 12 investors."
    assert "frame_swap" in signals("Valdora Foods acquired a group of 12 investors.", bought)


def test_a_move_from_where_the_page_has_it_go_to() -> None:
    """A name something moves from in the claim and to on the page (or the reverse) is
    the parties the other way round, whatever the two verbs; a paraphrase keeping each
    name's end is not."""
    page = ("As part of a breeding programme, the zoo transferred two giraffes to Westholm "
            "Safari Park and received a red panda from Bruckner Tierpark.")
    assert signals("Harrowmere received two giraffes from Westholm Safari Park.",
                   page).get("frame_swap") == 1
    assert signals("In January, 140 cases were moved from Ashmoor to Calderbury.",
                   "In January, 140 cases were moved from Calderbury to Ashmoor.") == {
        "frame_swap": 1}
    assert "frame_swap" not in signals(
        "Westholm Safari Park received two giraffes from the zoo.", page)
    assert "frame_swap" not in signals("The zoo sent two giraffes to Westholm Safari Park.",
                                       page)
    # A month is a date, not an end: "from pipes in the year to 31 March" moves nothing
    # from March.
    assert "frame_swap" not in signals(
        "Hollinmere Water lost an average of 187 megalitres a day from leaking pipes in the "
        "year to 31 March 2025, compared with 171 megalitres a day in the previous year.",
        "Hollinmere Water lost an average of 187 megalitres a day through leaking pipes in "
        "the year to 31 March 2025, up from 171 megalitres a day the year before.")


def test_a_place_moved_from_where_the_page_has_it_moved_to() -> None:
    """Common nouns count as ends under the same verb ("marched from the town hall to the
    gates" against the reverse); not under two verbs, where "traced to" and "arose from"
    say the same of a cause, nor in an amount ("from 4 per cent to 7 per cent")."""
    _swap_only_in_the_first(
        "On Saturday, about 1,500 people marched through Haldersund from the plant gates to "
        "the town hall.",
        "About 1,500 people marched through Haldersund on Saturday from the town hall to the "
        "plant gates.",
        "About 1,500 people marched through Haldersund on Saturday from the plant gates to "
        "the town hall.")
    assert "frame_swap" not in signals(
        "Officers traced the error to a label template change.",
        "Officers noted that the error arose from a label template change.")
    assert "frame_swap" not in signals(
        "The share of burglaries ending in a charge rose from 4 per cent to 7 per cent.",
        "The share of burglaries ending in a charge rose to 7 per cent from 4 per cent.")


def test_a_party_behind_a_preposition_where_the_claim_has_another() -> None:
    """The claim's party put behind the page's "to", "from" or "against", where the
    claim has another there, is the parties the other way round, under another verb or
    a noun's phrase; a fuller naming of the same end, or a phrase of another noun, is
    not."""
    page = "It has passed details of the three cases to the Electoral Commission."
    assert signals("The Electoral Commission passed details of the three cases to the "
                   "committee.", page).get("frame_swap") == 1
    assert "frame_swap" not in signals(
        "The committee passed details of the three cases to the Electoral Commission.", page)
    granted = ("Two groups filed a challenge against the dredging licence granted by the "
               "Marine Agency to the Calderhaven Port Authority.")
    assert signals("The licence was issued by the Calderhaven Port Authority to the Marine "
                   "Agency.", granted).get("frame_swap") == 1
    assert "frame_swap" not in signals(
        "The licence was issued by the Marine Agency to the Calderhaven Port Authority.",
        granted)
    # A "from" on another noun is about another thing: the grant's funder is not where
    # the university's money comes from.
    funded = ("The merger is supported by a grant from the Ashgrove Foundation, together "
              "with university investment.")
    assert "frame_swap" not in signals(
        "The merger is funded by an Ashgrove Foundation grant, plus money from the "
        "university.", funded)


def test_a_verb_under_an_object_has_the_object_as_its_subject() -> None:
    """"A ordered B to pay": B pays, so the claim that A pays has the parties the other
    way round."""
    page = "The judge ordered Velstrand to pay the costs of Cardelle."
    assert "frame_swap" in signals("The judge ordered Cardelle to pay the costs of "
                                   "Velstrand.", page)
    assert signals("Velstrand was ordered by the judge to pay the costs of Cardelle.",
                   page).get("frame_swap") is None
    parsed = PARSER.sentences(["The court asked the council to repay the grant."])[0]
    repay = next(f for f in parsed.frames if f.pred == "repay")
    assert repay.agent == ("council",)


def test_quote_given_to_another_speaker() -> None:
    page = (
        '"This makes us the second-largest operator in the state," said chief executive Mara Lind.',
        "Solbright's founder, Piet Okafor, will stay on as an adviser.",
    )
    quote = '"This makes us the second-largest operator in the state," said '
    assert "frame_speaker" in signals(quote + "founder Piet Okafor.", *page)
    assert signals(quote + "Mara Lind.", *page) == {}
    # "according to" names a speaker too.
    said = "Sales doubled in March, according to Mara Lind."
    assert "frame_speaker" in signals(
        "Sales doubled in March, according to Piet Okafor.", said, page[1]
    )
    assert signals(said, said, page[1]) == {}
    # Who speaks is the name heading the subject, not the organisation described after it.
    chair = '"The public is entitled to know what went wrong," said Ines Marr, chair of the ERA.'
    assert "frame_speaker" in signals(
        "Rafael Okon, the ERA's director of enforcement, said the public was entitled to know "
        "what went wrong.", chair)
    assert signals("Ines Marr, the ERA's chair, said the public was entitled to know what went "
                   "wrong.", chair) == {}


def test_calling_it_something_gives_words_to_a_speaker() -> None:
    page = '"This is a good start, but the real work is the follow-up," said Dr Hanne Solvik.'
    assert "frame_speaker" in signals(
        "Rafael Quintero called the results a good start but said the real work is follow-up.",
        page, "Dr Rafael Quintero, the co-lead, urged caution.")
    assert signals("Hanne Solvik called the results a good start but said the real work is "
                   "the follow-up.", page) == {}
    # A refusal to comment is not a contradiction of what was said.
    assert "frame_polarity" not in signals(
        "Hanne Solvik would not say whether the results were a good start.",
        "Hanne Solvik said the results were a good start.")
    # Calling a meeting reports nobody's words: the slot is compared as for any verb.
    met = "The Westbrook council called a meeting for Tuesday."
    assert "frame_slot" in signals("The Eastbrook council called a meeting for Tuesday.", met)


def test_speaker_named_in_the_next_sentence() -> None:
    page = ('"We will not close the plant."', "That was the promise of Mayor Ada Brink.")
    assert signals('"We will not close the plant," said Mayor Ada Brink.', *page) == {}


def test_speaker_a_pronoun_stands_for() -> None:
    page = ("Dr Ines Harrow, who leads the survey, urged caution.",
            '"Comets often disappoint us, so I would not promise anyone a show," she said.',
            "Tomas Vell, the observatory director, welcomed the funding.")
    assert "frame_speaker" in signals(
        "Tomas Vell said comets often disappoint and he would not promise anyone a show.", *page)
    assert signals(
        "Ines Harrow said comets often disappoint and she would not promise anyone a show.",
        *page) == {}
    # A quote over two sentences: the speaker is named before its first.
    two = ("Dr Ines Harrow, who leads the survey, urged caution.",
           '"We cannot say anything yet about the atmospheres of these planets.',
           'A habitable zone means liquid water is possible, nothing more," she said.')
    assert signals("Ines Harrow said a habitable zone means liquid water is possible.",
                   *two) == {}
    assert "frame_speaker" in signals(
        "Tomas Vell said a habitable zone means liquid water is possible.", *two)
    # "The company said" names nobody: unknown, not whoever the sentence before names.
    company = ("Unions led by Ada Brink had warned of cuts at the plant.",
               '"The site is no longer viable," the company said.')
    assert signals("Northwind said the site was no longer viable.", *company) == {}
    # Nobody named before "she": who said it is unknown, not someone else.
    unnamed = ("The chair drew attention to the claim.",
               "She noted that the trust was not a party to the proceedings.")
    assert signals("Chair Ada Brink noted that the trust was not a party to the proceedings.",
                   *unnamed) == {}


def test_hedge_dropped() -> None:
    page = "The deal is expected to close in the second quarter of 2027."
    assert "frame_hedge" in signals("The deal will close in the second quarter of 2027.", page)
    assert signals("The deal is expected to close in the second quarter of 2027.", page) == {}
    plans = "The city plans to open 12 new stations by 2027."
    assert "frame_hedge" in signals("The city will open 12 new stations by 2027.", plans)
    assert signals("The city intends to open 12 new stations by 2027.", plans) == {}
    modal = "The programme may be extended to the coast."
    assert "frame_hedge" in signals("The programme was extended to the coast.", modal)


def test_a_hedging_head_over_a_clause_is_hedged() -> None:
    # The claim aligns with "expected" itself when its words sit in both frames: the head
    # over a clause states the clause as unrealised.
    page = ("The remaining 300 posts at the depot, most of them in the paint shop, are "
            "expected to go over the next two years.")
    assert "frame_hedge" in signals("The remaining 300 posts at the depot, mainly in the "
                                    "paint shop, will be cut through voluntary redundancies.",
                                    page)
    assert signals("The remaining 300 posts at the depot, mainly in the paint shop, are "
                   "expected to be cut through voluntary redundancies.", page) == {}
    # Over an object the same heads state a fact: seeking a rise is what the union does.
    seeking = "The union is seeking a pay rise of 9 per cent over one year."
    assert "frame_hedge" not in signals("The union is asking for a 9 per cent pay rise "
                                        "over a single year.", seeking)
    expects = "The company now expects full-year revenue of between 4.1 and 4.3 billion crowns."
    assert "frame_hedge" not in signals("The company narrowed its full-year revenue "
                                        "forecast to between 4.1 and 4.3 billion crowns.", expects)


def test_a_hedging_verb_the_parse_took_for_a_noun() -> None:
    # The small model reads "plans" here as a noun heading the sentence.
    page = "The orchestra plans to give 30 concerts in eight towns next season."
    assert "frame_hedge" in signals("The orchestra will give 30 concerts in eight towns "
                                    "next season.", page)
    assert signals(page, page) == {}
    # A plan that was approved: the approval is stated, which a claim of the vote keeps.
    assert "frame_hedge" not in signals(
        "Councillors voted to let the trust rebuild the pier.",
        "The council approved the trust's plan to rebuild the pier.")


def test_consider_that_states_a_judgement() -> None:
    # "Considers that X" and "considers X to be" judge; "is considering raising" hedges.
    assert "frame_hedge" not in signals(
        "Harlow Town Council regards the Brackwell incinerator plan as unlawful.",
        "Harlow Town Council considers that the Brackwell incinerator plan is unlawful.")
    assert "frame_hedge" in signals(
        "The Harlow ferry company will raise its fares on the island route.",
        "The Harlow ferry company is considering raising its fares on the island route.")


def test_a_hedge_dropped_under_another_verb() -> None:
    # A frame aligned by three shared argument words is the same event whatever its verb.
    page = "Mr Ekwueme said the Agency may contribute up to 65 per cent of the cost of the wall."
    claim = "The Agency has agreed to meet 65 per cent of the cost of the wall."
    assert "frame_hedge" in signals(claim, page)
    assert signals("The Agency may meet 65 per cent of the cost of the wall.", page) == {}


def test_a_condition_hedges_its_own_clause_only() -> None:
    # "will take ... if the trust does not improve" states the action as certain once the
    # condition holds; the page's "may take" is a hedge the claim dropped.
    page = ("The regulator said it may take further enforcement action if the required "
            "improvements are not made by 31 July.")
    claim = ("The regulator will take further enforcement action if the trust does not "
             "improve triage by 31 July.")
    assert "frame_hedge" in signals(claim, page)
    # A condition with no subject of its own ("if needed") says "may" and hedges it.
    assert "frame_hedge" not in signals("The bank will raise rates again if needed.",
                                        "The bank may raise rates again.")
    # The hedge kept, under the same condition, is no conflict.
    kept = claim.replace("will take", "may take")
    assert "frame_hedge" not in signals(kept, page)
    # A hedge elsewhere in the claim still counts as the claim's own.
    other = ("The regulator is expected to take further enforcement action if the trust "
             "does not improve triage by 31 July.")
    assert "frame_hedge" not in signals(other, page)


def test_a_reported_would_drops_the_pages_may() -> None:
    # "Would" states what a speaker said will happen; the page's "may" (or "could", or
    # "may" over the verb's head) leaves it possible only.
    page = ("Jonas Weller said the authority may seek to recover costs from the contractor "
            "if the delays were found to be its responsibility.")
    claim = "Jonas Weller said the authority would recover costs from the contractor."
    assert "frame_hedge" in signals(claim, page)
    may = ("She told the committee that the company may introduce a wider ban if "
           "reservoir stocks fell below 45%.")
    assert "frame_hedge" in signals(
        "She said the company would introduce a wider ban if reservoir stocks fell below 45%.",
        may)
    # The page's own "would", or a claim that keeps the "may", is no conflict.
    assert "frame_hedge" not in signals(
        "She said the company would introduce a wider ban if reservoir stocks fell below 45%.",
        may.replace("may introduce", "would introduce"))
    assert "frame_hedge" not in signals(
        "She said the company might introduce a wider ban if reservoir stocks fell below 45%.",
        may)
    assert "frame_hedge" in signals("She said she\u2019d introduce a wider ban.", may)


def test_a_would_hedged_otherwise_or_an_inability_drops_no_hedge() -> None:
    may = "She told the committee that the company may introduce a wider ban."
    for claim in ("She said the company would seek to introduce a wider ban.",
                  "She said the company would probably introduce a wider ban.",
                  "She said she would like the company to introduce a wider ban.",
                  "She said it was likely that the company would introduce a wider ban.",
                  "Would the company introduce a wider ban?"):
        assert "frame_hedge" not in signals(claim, may), claim
    assert "frame_hedge" not in signals(
        "The minister would not say whether the council had closed the library.",
        "The minister said the council may have closed the library.")
    # "Could not" is an inability, not a hedge.
    assert "frame_hedge" not in signals(
        "Its lawyer said the company would not attend the hearing.",
        "Its lawyer said the company could not attend the hearing because of a clash.")


def test_the_same_verb_said_of_other_things_is_another_event() -> None:
    # "offered" in a sentence about a severance scheme, sharing no argument with the
    # claim's "offered" and not among the sentences that state the claim, is another
    # offer: neither its "may" nor the claim's "no" is a conflict.
    page = (
        "Leaders committed to no compulsory redundancies in the first two years, but a "
        "severance scheme may be offered to up to 220 staff.",
        "The union said it was not opposed to the merger in principle.",
        "We have been given no guarantee beyond two years, said Morven Pike.",
    )
    claim = ("The union said it did not oppose the merger in principle, but Morven Pike "
             "warned that no guarantee had been offered beyond two years.")
    assert signals(claim, *page) == {}
    # Where the claim is stated, the same verb is the same event.
    assert "frame_hedge" in signals("A severance scheme was offered to up to 220 staff.", *page)
    # The same verb in a sentence near the claim is its event though no argument is shared;
    # far from it, only a shared argument makes it so.
    plan = "Under the plan, the campus may close by 2028 if a consultation supports the move."
    near = (plan, "The trust has 1,900 students.", "A consultation will start next spring.")
    far = ("The trust has 1,900 students at its Ashby site.", "The trust runs three sites.",
           plan.replace("the campus", "another campus"))
    assert "frame_hedge" in signals("The trust closed the Ashby site.", *near)
    assert signals("The trust closed the Ashby site.", *far) == {}
    council = ("The council met on Tuesday evening in the town hall.",
               "Councillors approved the budget for the year.",
               "Councillors approved the parking charges for the year.",
               "The new library may open in May.")
    assert "frame_hedge" in signals("Councillors approved the budget and the parking charges "
                                    "for the year; the library opened.", *council)


def test_polarity_is_compared_in_an_event_sharing_an_argument() -> None:
    # "no trees may be felled between March and August" says nothing of other trees
    # "felled over the next two winters", even in a sentence that states the claim.
    page = ("The officer recommended approval on condition that no felling take place "
            "between March and August to protect nesting birds.",
            "He reported that 1,100 ash trees along the roads were dangerous and would "
            "need to be felled over the next two winters.")
    assert signals("No trees may be felled between March and August to protect nesting "
                   "birds.", *page) == {}
    assert "frame_polarity" in signals(
        "The 1,100 ash trees along the roads would not need to be felled.", *page)


def test_a_negative_pronoun_subject_of_the_verb_above() -> None:
    page = "The two stewards on duty left the stand unaided."
    assert "frame_polarity" in signals("Neither of the two stewards on duty was able to "
                                       "leave the stand unaided.", page)
    # "No" on the subject of the verb above denies that verb, not its purpose clause.
    said = "A spokesperson said no classes would be cut to pay for the repairs."
    assert "frame_polarity" not in signals(said, said.replace("the repairs", "them"))


def test_a_typographic_apostrophe_negates_as_a_straight_one() -> None:
    """Pages set with typographic apostrophes ("don\u2019t") negate as drafts typed with
    straight ones do: a "not" each way is no conflict, a negation dropped is one."""
    page = ("Edna Whitworth, 81, said: \u201cI don\u2019t drive, and the bus runs every two "
            "hours.\u201d")
    assert "frame_polarity" not in signals("Edna Whitworth, 81, said she does not drive.", page)
    assert "frame_polarity" in signals("Edna Whitworth, 81, said she drives.", page)
    won = "The council said it won\u2019t renew the contract when it expires in March."
    assert "frame_polarity" in signals(
        "The council said it will renew the contract when it expires in March.", won)


def test_polarity_flipped() -> None:
    page = "The council voted to approve the merger plan."
    assert "frame_polarity" in signals("The council did not approve the merger plan.", page)
    assert signals("The council approved the merger plan.", page) == {}
    denial = "Lumina will not release the model's weights."
    assert "frame_polarity" in signals("Lumina will release the model's weights.", denial)
    # A negative pronoun as subject or object negates as "not" does.
    unheard = "She added that she had not been consulted on the timing of the sale."
    assert signals("She added that nobody had consulted her on the timing of the sale.",
                   unheard) == {}
    assert "frame_polarity" in signals("She added that she had been consulted on the timing.",
                                       unheard)
    found = "Inspectors found no faults in the wiring."
    assert signals("Inspectors found nothing wrong with the wiring.", found) == {}
    # A negative implicative head denies its complement; negated, it affirms it.
    failed = "The trust failed to obtain consent from the families."
    assert signals("The trust did not obtain consent from the families.", failed) == {}
    assert "frame_polarity" in signals("The trust obtained consent from the families.", failed)
    assert "frame_polarity" in signals(
        "The trust did not fail to obtain consent from the families.", failed)
    assert signals("Nobody failed to vote in the election.",
                   "Every member voted in the election.") == {}
    cannot = "Larger vessels cannot enter Kestrel Bay at low tide."
    assert signals("Larger vessels unable to enter Kestrel Bay at low tide go elsewhere.",
                   cannot) == {}
    assert "frame_polarity" in signals("Larger vessels enter Kestrel Bay at low tide.", cannot)
    # A negation the page says of other parties flips nothing: "Renquila is not made at
    # the site" says nothing of Saltmoor making Tramidex; of the same party it does.
    plants = ("Saltmoor employs about 620 people and makes the blood pressure drug Tramidex "
              "along with several older medicines. Renquila, the new kidney drug, is not "
              "made at the site.")
    assert "frame_polarity" not in signals("Renquila is not made at Saltmoor, which employs "
                                           "about 620 people and makes the blood pressure "
                                           "drug Tramidex.", plants)
    assert "frame_polarity" in signals("Saltmoor makes the kidney drug Renquila.",
                                       "Renquila, the new kidney drug, is not made at Saltmoor.")
    # So does "denied claims that"; a coordinated denial denies nothing.
    taken = "The minister denied that he had taken money from the developer."
    assert signals(taken, "The minister has denied allegations that he had taken money "
                          "from the developer.") == {}
    assert "frame_polarity" not in signals(
        "The council would not confirm that the depot would close.",
        "The council neither confirmed nor denied that the depot would close.")
    # "Denied that" reports its clause as false, as "said ... not" does.
    linked = "Vollmer said the fare changes were not linked to the fleet renewal programme."
    assert signals("Vollmer denied that the fare changes were linked to the fleet renewal "
                   "programme.", linked) == {}
    assert "frame_polarity" in signals("Vollmer denied that the fare changes were linked to "
                                       "the fleet renewal programme.",
                                       "Vollmer said the fare changes were linked to the "
                                       "fleet renewal programme.")
    # "Did not believe X would" says X would not; "doubted X could" says X could not.
    believed = ("The company said it did not believe the deal would reduce competition in "
                "the book trade.")
    assert signals("Greyfriar argued that the deal would not reduce competition in the book "
                   "trade.", believed) == {}
    assert "frame_polarity" in signals("The company said the deal would reduce competition "
                                       "in the book trade.", believed)
    # A "not" of the clause's own cancels the raised one; a question asserts nothing;
    # "never imagined" reports surprise.
    assert "frame_polarity" in signals("The plan would not work.",
                                       "He did not think the plan would not work.")
    assert "frame_polarity" not in signals(
        "The deal would reduce competition in the book trade.",
        "Who can doubt that the deal would reduce competition in the book trade?")
    assert "frame_polarity" not in signals(
        "The museum reopened in May.",
        "Staff had never imagined the museum would reopen in May, but it did.")
    doubted = "Mr Mayhew did not believe the trust could recruit 45 nurses by September."
    assert signals("Mr Mayhew doubted the trust could recruit 45 nurses by September.",
                   doubted) == {}
    # Another event of the other polarity in the window does not flip a claim its
    # evidence states as claimed; the better-aligned one of the other polarity does.
    claim = "Leader Martin Feeley said his council could not back the scheme as drafted."
    stated = "Martin Feeley said his council could not back the scheme as drafted."
    assert signals(claim, "Three other councils backed the scheme on Tuesday.", stated) == {}
    assert "frame_polarity" in signals(
        claim, "Martin Feeley said his council backed the scheme as drafted.")
    # A negation the page states under another predicate that shares more of the claim's
    # arguments than the aligned one does; an affirmation is not so rescued.
    claim = "Night flights are not currently allowed because of noise complaints from residents."
    asked = "The airport asked the ministry to allow night flights."
    banned = "Night flights are not currently permitted because of noise complaints from residents."
    assert signals(claim, asked, banned) == {}
    assert "frame_polarity" in signals(claim, asked)
    # Another party's negation is not the claim's.
    assert "frame_polarity" in signals(
        "The council did not approve the plan for 40 homes on the Dunmere site.",
        "The council approved the plan.",
        "Residents did not support the plan for 40 homes on the Dunmere site.")
    assert "frame_polarity" in signals(
        "The ministry allowed night flights at the airport.",
        "The ministry did not allow night flights.",
        "The ministry's noise panel reviewed night flights at the airport in March.")
    # "Has yet to" and "is yet to": the complement has not happened.
    unset = "The tribunal has not set a date for the hearing."
    assert signals("The tribunal has yet to set a date for the hearing.", unset) == {}
    assert "frame_polarity" in signals(
        "The tribunal has yet to set a date for the hearing.",
        "The tribunal set a date for the hearing in March.")
    # Not "and yet ... is to" (it will), nor a negated "has not yet had to".
    assert signals("The pool is to reopen in September.",
                   "And yet the pool is to reopen in September after repairs.") == {}
    assert signals("The firm has not closed any branches.",
                   "The firm has not yet had to close any branches.") == {}


def test_a_direction_word_that_is_no_verb_reversed() -> None:
    """"Below the mean" against "above the mean", "higher-quality" against
    "lower-quality": the direction word hangs from the same word the other way round."""
    page = ("Bottom temperatures in the Gannet Deep averaged 0.8C above the long-term mean "
            "during the spawning season.")
    assert signals("Bottom temperatures in the Gannet Deep averaged 0.8C below the long-term "
                   "mean during the spawning season.", page) == {"frame_direction": 1.0}
    assert signals(page, page) == {}
    scans = ("Pages from those volumes will be scanned from microfilm, which gives "
             "lower-quality images.")
    assert "frame_direction" in signals("Pages from those volumes will be scanned from "
                                        "microfilm, which gives higher-quality images.", scans)
    # A copula's direction word is said of its subject; a figure's of the figure and its
    # verb; a negated one says neither way.
    assert signals("Turnout in Marl was above 60 per cent.", "Turnout in Marl was 64 per "
                   "cent, while in Harwick it was below 50 per cent.") == {}
    assert "frame_direction" in signals("The increase for Harrowmere customers is below the "
                                        "national average.", "The increase for Harrowmere "
                                        "customers is above the national average.")
    assert "frame_direction" not in signals(
        "Fewer than 200 people attended the Harwick meeting on Tuesday.",
        "More than 200 people had been expected at the Harwick meeting on Tuesday, but "
        "only 150 attended.")
    assert "frame_direction" not in signals("No more than 200 people attended the meeting.",
                                            "Fewer than 200 people attended the meeting.")
    # Both ways in the page's sentence: the claim's is stated.
    both = "The rate was above the target in March and below it in April."
    assert "frame_direction" not in signals("The rate was below the target in April.", both)


def test_a_comparison_after_a_figure_read_off_the_words() -> None:
    """"6 per cent more than" against "6 per cent less than", wherever the parse hangs
    "more" and "less"."""
    page = ("The union says trust staff are paid on average 6 per cent less than council "
            "employees doing comparable jobs.")
    assert "frame_direction" in signals("The union says trust staff earn on average 6 per "
                                        "cent more than council employees doing comparable "
                                        "jobs.", page)
    assert "frame_direction" not in signals(page, page)
    # The verb's direction comes first: "fell 5 per cent more than expected" falls.
    assert "frame_direction" not in signals(
        "Sales at Kell fell 5 per cent more than analysts had expected.",
        "Sales at Kell fell 5 per cent, more than analysts had expected.")
    assert signals("Sales at Kell fell 5 per cent more than analysts had expected.",
                   "Sales at Kell rose 5 per cent more than analysts had expected."
                   ).get("frame_direction") == 2


def test_extend_and_shorten_are_directions() -> None:
    page = "The ticket office at the ferry terminal will extend its opening hours from 5 May."
    assert "frame_direction" in signals("The ticket office at the ferry terminal will reduce "
                                        "its opening hours from 5 May.", page)
    assert "frame_direction" in signals("The council will shorten the consultation to six "
                                        "weeks.", "The council will lengthen the consultation "
                                        "to six weeks.")
    assert signals(page, page) == {}


def test_a_direction_in_time_reversed() -> None:
    """"Later than" against "earlier than", and a length of time "after" against "before":
    read as a direction in time whichever word the parse hangs them from."""
    page = ("Lambing on the Orrel hill farms is expected to start around 3 March, about a "
            "week earlier than usual.")
    assert signals("Lambing on the Orrel hill farms is expected to start around 3 March, "
                   "about a week later than usual.", page) == {"frame_direction": 1.0}
    assert signals(page, page) == {}
    warning = "The agency sent its first warning at 06:40, more than two hours before the breach."
    assert "frame_direction" in signals("The agency sent its first warning at 06:40, more "
                                        "than two hours after the breach.", warning)
    # Alone, "later" says when, not which way; "year after year" is no direction.
    assert "frame_direction" not in signals("The scheme was later withdrawn after the vote.",
                                            "The scheme was withdrawn earlier than planned.")
    assert "frame_direction" not in signals(
        "Year after year, the Harlow club finished bottom of the league.",
        "The Harlow club finished bottom of the league every season, and was relegated a "
        "year before the merger.")
    # Before a clause, too; and a time reckoned from something else says nothing of it.
    river = "The agency sent its first warning two hours before the river burst its banks."
    assert "frame_direction" in signals("The agency sent its first warning two hours after "
                                        "the river burst its banks.", river)
    assert "frame_direction" not in signals(
        "The Oban ferry left an hour later than usual because of ice.",
        "Because of ice, the Oban ferry left at 05:40 rather than its usual 04:40; crew had "
        "arrived two hours before departure to clear the deck.")


def test_before_and_after_reckoned_from_the_same_thing() -> None:
    """"After" against "before" what the same words name, with or without a length of time
    before them, whichever the parse makes of the words after them; the same way worded
    otherwise, or "after which", reckoned from the clause before it, is no conflict."""
    paid = "All staff were paid their January wages in full before the appointment."
    assert signals("All staff were paid their January wages in full after the appointment.",
                   paid) == {"frame_direction": 1.0}
    assert signals(paid, paid) == {}
    notified = "The firm notified the agency on 9 August, two days before the recall was announced."
    assert "frame_direction" in signals(
        "The firm notified the agency on 9 August, two days after the recall had been "
        "announced.", notified)
    closed = "The ballots were delivered on 15 September, after the close of polls."
    assert "frame_direction" not in signals(
        "The ballots reached the office on 15 September, after polls had closed.", closed)
    assert "frame_direction" not in signals(
        "The farm would operate for 40 years before the land is returned to farming.",
        "The farm would operate for 40 years, after which the land would be restored to "
        "farming.")
    # "Following" and "prior to" are "after" and "before"; "the following month" is no time.
    assert "frame_direction" in signals("She resigned following the vote.",
                                        "She resigned before the vote.")
    assert "frame_direction" in signals("She resigned prior to the vote.",
                                        "She resigned after the vote.")
    assert signals("She resigned following the vote.", "She resigned after the vote.") == {}
    assert signals("She resigned the following month.", "She resigned before the vote.") == {}
    # Another time in the page's sentence, reckoned from something else, leaves it standing.
    assert "frame_direction" in signals(
        "Picking began on 2 September, nine days later than in 2023, after a warm summer.",
        "Picking began on 2 September, nine days earlier than in 2023, after a warm summer.")


def test_a_time_unnamed_or_another_is_no_reversal() -> None:
    """A time reckoned from something not named ("after it", "before and after") may be
    the claim's; a key within another is the same thing; two dates are two things."""
    assert signals("Ilse Varga became chair after the merger.",
                   "Ilse Varga, who joined the board before the merger, became chair after "
                   "it.") == {}
    assert signals("Prices were checked before the reform.",
                   "Prices were checked before and after the reform.") == {}
    assert "frame_direction" in signals("She resigned before the vote.",
                                        "She resigned after the parliamentary vote.")
    assert "frame_direction" in signals(
        "The firm notified the agency two days after the recall.",
        "The firm notified the agency two days before the recall was announced.")
    assert signals("The board met after the meeting on 3 March.",
                   "The board met before the meeting on 12 March.") == {}
    assert signals("Rates fell to 45% from 70% after the deal was announced.",
                   "Rates fell to 45%, down from 70% before the pay agreement was announced "
                   "on Thursday.") == {}


def test_two_phrases_in_the_other_order() -> None:
    """Where a change starts and ends, or what is done and what instead, the page has the
    other way round: read off "from ... to", "up from" and "rather than", whatever the
    verbs say."""
    page = "The inspectors moved the club's safety rating from B2 to B4 after the audit."
    found = conflicts(*_parse("The inspectors moved the club's safety rating from B4 to B2 "
                              "after the audit.", page))
    assert found[0]["frame_direction"] == 1.0 and {"b2", "b4"} <= set(found[1])
    assert signals(page, page) == {}
    # Longer phrases, a word both ends share, and different verbs.
    season = ("The Lorne festival has moved its opening from the last week of June to the "
              "first week of July.")
    assert "frame_direction" in signals("The Lorne festival has brought its opening forward "
                                        "from the first week of July to the last week of "
                                        "June.", season)
    # "B, up from A" is a change from A to B.
    bins = "From May the council will empty garden waste bins every week, up from once a fortnight."
    assert "frame_direction" in signals("From May the council will switch garden waste "
                                        "collections from every week to once a fortnight.", bins)
    assert "frame_direction" not in signals("From May the council will switch garden waste "
                                            "collections from once a fortnight to every "
                                            "week.", bins)
    # What is done and what is set aside.
    vote = "Members chose to repaint the hall rather than replace its windows."
    assert "frame_direction" in signals("Members chose to replace the hall's windows rather "
                                        "than repaint it.", vote)
    assert "frame_direction" in signals("The ferry will call at Ardmore in 2029 rather than "
                                        "2028.", "The ferry will call at Ardmore in 2028 "
                                        "instead of 2029.")
    assert "frame_direction" not in signals("The ferry will call at Ardmore in 2028 rather "
                                            "than 2029.", "The ferry will call at Ardmore "
                                            "in 2028 instead of 2029.")


def test_what_is_set_aside_may_open_with_a_preposition() -> None:
    page = "The bridge will be paid for from the city's reserves rather than from new borrowing."
    assert "frame_direction" in signals("The bridge will be paid for with new borrowing "
                                        "rather than from the city's reserves.", page)
    assert "frame_direction" not in signals(page, page)


def test_an_order_read_once_and_not_of_other_things() -> None:
    # Figures are read as a change of the figure, once.
    assert signals("The median wait went from 41 days to 36 days.",
                   "The median wait went from 36 days to 41 days.")["frame_direction"] == 1.0
    # Another end is no reversal; nor is "to" before a verb, nor a pair of the claim
    # the page sets in another kind of order.
    page = "The trust moved its stroke unit from Carrow General to Hensby in March."
    assert "frame_direction" not in signals(
        "The trust moved its stroke unit from Carrow General to Fenlow in March.", page)
    assert "frame_direction" not in signals(
        "Staff came from Hensby to support the unit at Carrow General.", page)
    assert "frame_direction" not in signals(
        "The trust chose Hensby rather than Carrow General for its stroke unit.", page)


def _parse(claim: str, *evidence: str) -> tuple[Sentence, list[Sentence]]:
    parsed = PARSER.sentences([claim, *evidence])
    return parsed[0], parsed[1:]


def test_figures_said_of_two_names_the_other_way_round() -> None:
    # Gapped: the second figure has no verb for a frame reading to compare.
    page = ("Market figures put Fenwold's share of the grocery market at 11.7% and "
            "Halvard's at 24.9%.")
    found = conflicts(*_parse("Market figures put Halvard's share of the grocery market at "
                              "11.7% and Fenwold's at 24.9%.", page))
    assert found[0]["frame_swap"] == 1.0 and {"11.7", "24.9", "halvard"} <= set(found[1])
    assert signals(page, page) == {}
    page = "In the final count Harrow Vale polled 4,210 votes, and Minsby polled 3,980."
    assert signals(page, page) == {}
    # Said of the names the page says them of, in other words and another order.
    assert "frame_swap" not in signals("Harrow Vale took 4,210 votes in the final count, "
                                       "while Minsby had 3,980.", page)
    # One end alone is no exchange: a name is often only near a figure.
    assert "frame_swap" not in signals("Minsby polled 4,210 votes in the final count.",
                                       "Minsby's count of 4,210 votes was confirmed, and "
                                       "Harrow Vale polled 3,980.")
    # Past a second verb a name is another clause's: the route is no one's figure.
    assert "frame_swap" not in signals(
        "Orrin Rail expects the line to cut 12 minutes from Kelby to Marsh journeys and to "
        "carry 2.5 million trips a year.",
        "The line will cut journeys between Kelby and Marsh by 12 minutes, and Orrin Rail "
        "forecasts 2.5 million trips a year.")


def test_an_order_the_evidence_also_states_the_claims_way_and_ranges() -> None:
    # The claim's own move stated beside another's the other way round backs it.
    moved = "Ross moved from Arden United to Brenmoor City in 2021."
    assert "frame_direction" not in signals(
        moved, moved, "Vega made the opposite move, from Brenmoor City to Arden United.")
    # A range is no change: its ends read either way say one thing.
    assert "frame_direction" not in signals(
        "The cuts will hit everything from libraries to bin collections.",
        "The cuts will hit everything from bin collections to libraries.")
    assert "frame_direction" not in signals(
        "The festival's acts range from string quartets to brass bands.",
        "The festival's acts range from brass bands to string quartets.")


def test_figures_before_their_names_are_said_of_no_one() -> None:
    # A name right after a figure may be whose it is: neither side is read.
    assert "frame_swap" not in signals(
        "Caldmoor Group owns 60% of Brenmoor Port and Brenmoor Council owns 40%.",
        "Brenmoor Port is 60% owned by Caldmoor Group and 40% by Brenmoor Council.")
    assert "frame_swap" not in signals(
        "Turnout in Caldmoor was 60 per cent and in Brenmoor 40 per cent.",
        "Officials in Brenmoor reported 60 per cent turnout in Caldmoor and 40 per cent in "
        "Brenmoor.")


def test_direction_reversed() -> None:
    page = "Ridership rose 12 percent last year."
    assert "frame_direction" in signals("Ridership fell 12 percent last year.", page)
    rates = "Banks cut the rates on savings accounts by 0.15 percentage points."
    assert "frame_direction" in signals(
        "Banks lifted rates on savings accounts by 0.15 percentage points.", rates)
    assert "frame_direction" not in signals(
        "Banks trimmed rates on savings accounts by 0.15 percentage points.", rates)
    # A comparison hung from the number itself.
    fewer = "The choir gave 23 concerts, four fewer than the year before."
    assert "frame_direction" in signals(
        "The choir gave 23 concerts last season, four more than the year before.", fewer)
    assert signals("The choir gave 23 concerts last season, four fewer than the year before.",
                   fewer) == {}
    assert signals("Ridership increased 12 percent last year.", page) == {}
    # A particle moves the amount its verb changes by, not the verb's object.
    fell = ("By contrast, income from catering and lettings fell 3 per cent as several large "
            "tenants trimmed their bookings.")
    assert "frame_direction" in signals("Income from catering edged up 3 per cent over the year.",
                                        fell)
    assert signals("Income from catering edged down 3 per cent over the year.", fell) == {}
    bid = "A rival raised its bid to 42 million pounds on Monday."
    assert "frame_direction" not in signals("The club turned down a 42 million pound bid.", bid)
    rose = "Chronic absenteeism fell to 17.4 percent of students this year."
    assert "frame_direction" in signals(
        "Chronic absenteeism edged up to 17.4 percent of students this year.", rose)
    fewer = "Otters were detected at only 9 sites, down from 17 in 2018."
    assert "frame_direction" not in signals("Otters turned up at just 9 sites in 2023.", fewer)


def test_change_read_the_other_way_round() -> None:
    page = "However, the average overnight stay fell from 3.4 nights to 3.1 nights."
    assert "frame_direction" in signals(
        "The average overnight stay lengthened from 3.1 nights to 3.4 nights.", page)
    assert "frame_direction" in signals(
        "The average overnight stay grew to 3.4 nights from 3.1 nights.", page)
    assert signals("The average overnight stay shortened to 3.1 nights from 3.4 nights.",
                   page) == {}
    # "B, down from A" is the change from A to B.
    limit = "The new wind-speed limit for burns is 25 km/h, down from the old limit of 35 km/h."
    assert "frame_direction" in signals(
        "The wind-speed limit for burns went from 25 km/h to 35 km/h.", limit)
    assert signals("The wind-speed limit for burns went from 35 km/h to 25 km/h.", limit) == {}
    # "Down from A to B" is from A to B; "to B, up from A" is one change; a participle
    # on a figure ("an estimated 3,000") does not end the phrase.
    sales = "Sales at its 12 stores were down from £4 million to £3 million."
    assert "frame_direction" in signals(
        "Sales at its 12 stores went from £3 million to £4 million.", sales)
    assert signals("The price went to 5, up from 4.", "The price went from 5 to 4.") == {
        "frame_direction": 1.0}
    assert "frame_direction" in signals("Staff numbers went from an estimated 3,000 to 4,000.",
                                        "Staff numbers went from 4,000 to 3,000.")
    # The figures' units and years may stand between them.
    margin = "The operating margin was 4.5 per cent in 2024, up from 3.1 per cent in 2023."
    assert "frame_direction" in signals(
        "The operating margin went from 4.5 per cent in 2023 to 3.1 per cent in 2024.", margin)
    assert signals("The operating margin went from 3.1 per cent in 2023 to 4.5 per cent in "
                   "2024.", margin) == {}
    # A period is not a change: "from 2019 to 2023" read backwards says nothing.
    assert signals("The survey ran from 2023 to 2019 at nine sites.",
                   "The survey ran from 2019 to 2023 at nine sites.") == {}


def test_name_in_another_slot() -> None:
    page = "The board appointed Ilse Varga as chief executive in May."
    assert "frame_slot" in signals("The board appointed Tomas Reyes as chief executive.", page)
    assert signals("Ilse Varga was appointed chief executive by the board.", page) == {}


def test_superlative_the_evidence_ranks_otherwise() -> None:
    page = "It is the second-largest port in the state."
    assert "frame_degree" in signals("It is the largest port in the state.", page)
    assert signals("It is the second-largest port in the state.", page) == {}
    # One of several at the top is not the top; the top is one of them.
    several = "Brenmoor, one of the largest housing associations in the county, owns 9,000 homes."
    assert "frame_degree" in signals(
        "Brenmoor, the largest housing association in the county, owns 9,000 homes.", several)
    assert signals("Brenmoor is among the largest housing associations in the county.",
                   several) == {}
    assert signals("Brenmoor is one of the county's largest housing associations.",
                   several) == {}
    assert signals("Brenmoor is among the largest housing associations in the county.",
                   "Brenmoor is the third-largest housing association in the county.") == {}
    top = "Brenmoor, the largest housing association in the county, owns 9,000 homes."
    assert signals(
        "Brenmoor, one of the largest housing associations in the county, owns 9,000 homes.",
        top) == {}
    # "The four largest" is the top few, as "one of" is.
    few = "The band will play only the four largest halls: Tarrow Hall, the Dome and two others."
    assert "frame_degree" in signals("Tarrow Hall is the largest hall the band will play.", few)
    assert signals("Tarrow Hall is one of the largest halls the band will play.", few) == {}
    # "The most" ranks as a superlative does; "most" alone does not ("most of the
    # funds"), nor do the idioms "at the most", "made the most of", "the least of".
    assert signals("Most of the funds went to the north.",
                   "The north got the bulk of the funds.") == {}
    assert signals("The team made the most of the dry weather.",
                   "The team used the dry weather well.") == {}
    assert signals("At the most, 30 people will attend.",
                   "No more than 30 people will attend.") == {}
    assert signals("Delays were the least of the airline's problems.",
                   "Delays were a minor problem for the airline.") == {}
    page = "The choir made 14 recordings and toured twice, most recently in 2019."
    assert "frame_degree" in signals("The choir made 14 recordings, the most of any choir in "
                                     "the region.", page)
    assert signals("The choir made 14 recordings, the most of any choir in the region.",
                   "Its 14 recordings are the most of any choir in the region.") == {}


def test_superlative_of_a_period_stated_as_of_all_time() -> None:
    """"The highest since 2006" is the top of a period: a claim of the highest of all is
    not backed by it; a claim bounded by the period is, as it is by "the highest"."""
    page = "Rents rose by 6.1% in the year to March, the highest rate since 2006."
    assert "frame_degree" in signals(
        "At 6.1%, rent inflation was the highest of any category in the index.", page)
    assert "frame_degree" in signals("Rents rose by 6.1%, the highest rate on record.", page)
    assert "frame_degree" not in signals("Rents rose by 6.1%, the highest rate since 2006.",
                                         page)
    # "Since records began" bounds nothing: it is "on record". Nor does a "since" past the
    # superlative's phrase ("and has been open since 2012").
    assert "frame_degree" not in signals(
        "Inflation reached 9.4 per cent in March, the highest rate on record.",
        "Inflation reached 9.4 per cent in March, the highest rate since records began.")
    assert "frame_degree" not in signals(
        "The centre is the largest in the region.",
        "The centre is the largest in the region and has been open since 2012.")
    assert "frame_degree" not in signals(
        "Rents rose by 6.1%, the highest rate in 20 years.",
        "Rents rose by 6.1%, the highest rate the series has recorded.")


def test_superlative_ranked_among_other_things() -> None:
    """The same superlative said of another class: "the highest it had ever recorded"
    against "the highest since 2014". "Ever", "in its history" and "on record" are one
    class, "the city's largest" is "the largest in the city", and a page that ranks its
    superlative among nothing leaves the class to the rest of the page."""
    page = "The union said the turnout was the highest in any of its ballots since 2014."
    assert signals("The union said the turnout was the highest it had ever recorded.",
                   page).get("frame_degree") == 1
    assert signals("The union said the turnout was the highest in its ballots since 2014.",
                   page) == {}
    history = "Dr Vasić, 38, is the youngest recipient in the prize's history."
    assert signals("At 38, Vasić is the youngest winner the prize has ever had.", history) == {}
    assert signals("RideWell is the largest private hire operator in the city.",
                   "RideWell, the city's largest private hire operator, backed it.") == {}
    assert signals("Dublin remained the busiest route from Harwick Vale.",
                   "Dublin remained the busiest route, with 188,000 passengers.") == {}
    # Whose history: another owner's is another class; a page's "its history" leaves it open.
    order = '"This is the largest order in our company\'s 70-year history," said Jens Dahl.'
    assert signals("Jens Dahl described the deal as the largest train order in the region's "
                   "history.", order).get("frame_degree") == 1
    assert signals("Jens Dahl described the deal as the largest order in the company's "
                   "history.", order) == {}
    assert signals("It was the largest order in the company's history.",
                   "It was the largest order in its history.") == {}


def test_superlative_ranked_and_classed_in_one_sentence() -> None:
    """The rank and the class of a superlative are read together: "the second-largest
    copper mine in Valdessa" and "the largest investment in the Highlands" each back
    half of "the largest copper mine in Valdessa", and together not the claim."""
    mine = "The expansion would make Mount Tessel the second-largest copper mine in Valdessa."
    grant = ("The permit for Mount Tessel is the largest mining investment in the "
             "Highlands.")
    claim = "The expansion would make Mount Tessel the largest copper mine in Valdessa."
    assert signals(claim, mine, grant).get("frame_degree") == 1
    assert signals("The expansion would make Mount Tessel the second-largest copper mine "
                   "in Valdessa.", mine, grant) == {}


def test_first_or_only_the_evidence_does_not_say() -> None:
    page = "The Ardley lab at Corrie Bay University won the Hensley Prize in May."
    assert "frame_degree" in signals(
        "The Ardley lab is the first team from Corrie Bay University to win the Hensley Prize.",
        page)
    assert "frame_degree" in signals("Ardley is the only lab to win the Hensley Prize.", page)
    said = "The Ardley lab is the first team from Corrie Bay University to win the prize."
    assert signals(said, said) == {}
    assert signals("The lab took a first step toward the Hensley Prize.", page) == {}


def test_another_place_in_a_prepositional_slot() -> None:
    page = ("Under the plans, specialist stroke care will be centralised at Brackenridge "
            "Royal Infirmary, while maternity services will continue at both sites.")
    assert "frame_slot" in signals(
        "Specialist stroke care will be centralised at Lowmere General.", page)
    assert signals("Stroke care for the region will be centralised at Brackenridge Royal "
                   "Infirmary.", page) == {}


def test_a_name_bound_to_a_noun_the_page_binds_to_another() -> None:
    page = ("A second question asked whether the union should support hourly-paid tutors at "
            "Calder Vale University in their pay claim. The study was funded by a grant "
            "from the National Agri-Food Research Council.")
    assert "frame_slot" in signals(
        "The union backed hourly-paid tutors at Northmere in their pay claim.", page)
    assert "frame_slot" in signals(
        "The study was paid for by a grant from the National Science Council.", page)
    # (The page only asks whether the union "should support" them: a hedge, not a slot.)
    assert signals("The union backed tutors at Calder Vale in their pay claim.",
                   page) == {"frame_hedge": 1.0}
    assert signals("The study was funded by the National Agri-Food Research Council's grant.",
                   page) == {}
    assert "frame_slot" not in signals("The union backed the tutors in their pay claim.", page)
    # The name bound to another noun is a paraphrase, and a date binds nothing.
    assert signals("Flights to Lindqvist Harbor begin on June 2.", "Service to Lindqvist "
                   "Harbor begins on June 2, followed by flights to Santa Orsola.") == {}
    assert signals("The race turned on the fourth stage to Mont Salvère.",
                   "The race turned on Saturday's fourth stage, atop Mont Salvère.") == {}
    # A shorter or fuller form of the name, or its initials, is the same name.
    imprints = "Verve is home to imprints including Verve Forecast and Decca Records."
    assert signals("Verve is home to imprints including Verve Forecast Records.",
                   imprints) == {}
    assert "frame_slot" in signals("Verve is home to imprints including Impulse Records.",
                                   imprints)
    chair, same, other = PARSER.sentences([
        "Ada Quist, director of the HLF, met the director of Visit Marrowdale.",
        "The director of the Harwick Lantern Festival spoke.",
        "The director of the Harwick Food Market spoke."])
    assert _bound_otherwise(same, [chair]) == []
    assert _bound_otherwise(other, [chair]) == [("harwick", "food", "market")]
    # Another preposition binds another relation: a place is not an organisation.
    assert "frame_slot" not in signals("The minister met the president in Paris.",
                                       "The minister met the president of France.")


def test_scope_widened() -> None:
    page = "The scheme runs in four districts of the state."
    assert "frame_scope" in signals("The scheme runs nationwide.", page)
    assert signals("The scheme runs in four districts.", page) == {}
    # "Every 20 minutes" says how often, not which routes: the page's does not back the
    # claim's "every bus route".
    buses = "Under the proposal, route 14 would run every 20 minutes."
    assert "frame_scope" in signals("Under the proposal, every bus route would run every 20 "
                                    "minutes.", buses)


def test_wholly_and_almost_all() -> None:
    """"Entirely" claims the whole of what it qualifies, which "in part" or "all" of a
    class does not back; a scope word an approximator modifies ("almost all") claims no
    whole, and backs none."""
    page = "The research was funded in part by a grant from the Ostberg Foundation."
    assert "frame_scope" in signals("The research was funded entirely by a grant from the "
                                    "Ostberg Foundation.", page)
    wholly = "The research was funded entirely by a grant from the Ostberg Foundation."
    assert "frame_scope" not in signals("The research was funded wholly by a grant from the "
                                        "Ostberg Foundation.", wholly)
    # "all of the routes" is a class, "entirely" an extent: neither backs the other.
    assert "frame_scope" in signals("All of its revenue came from paid trials.",
                                    "Its revenue came almost entirely from paid trials.")
    almost = "Tessaline's revenue last year was £410,000, almost all of it from paid trials."
    assert "frame_scope" in signals("Tessaline's revenue last year was £410,000, all of it "
                                    "from paid trials.", almost)
    assert "frame_scope" not in signals("Tessaline's revenue last year was £410,000, nearly "
                                        "all of it from paid trials.", almost)


def test_extent_words_read_where_they_claim_a_whole() -> None:
    """An extent word before a preposition claims the whole of a source or place; one
    that grades a state ("completely destroyed") claims nothing the plain words do not.
    "All of" backs it; "not entirely" and "nearly every" claim no whole."""
    fire = "The warehouse was destroyed by the fire on Sunday."
    assert signals("The warehouse was completely destroyed by the fire on Sunday.",
                   fire) == {}
    assert "frame_scope" not in signals("Tessaline's revenue last year came entirely from "
                                        "paid trials.", "All of Tessaline's revenue last "
                                        "year came from paid trials.")
    assert "frame_scope" not in signals("The museum is not entirely funded by the state.",
                                        "The museum is funded in part by the state.")
    assert "frame_scope" in signals("Every school in the Marl district closed on Monday.",
                                    "Nearly every school in the Marl district closed on "
                                    "Monday.")


def test_in_full_is_an_extent() -> None:
    """"Accepted the recommendations in full" claims the whole, which "accepted six of its
    nine recommendations" does not back; "in full" on the page, or "all of them", does."""
    part = "The trust said it accepted six of the review's nine recommendations."
    claim = "The trust said it accepted the review's recommendations in full."
    assert signals(claim, part).get("frame_scope") == 1
    assert signals(claim, "The trust said it accepted the review's recommendations in "
                   "full.") == {}
    assert "frame_scope" not in signals(claim, "The trust said it accepted all of the "
                                        "review's recommendations.")
    assert "frame_scope" in signals("Holm Yards will build both hulls in their entirety at "
                                    "Skarvik.", "Holm Yards will build both hulls at Skarvik "
                                    "and fit them out in Tessaly.")


def test_all_of_a_class_where_the_page_says_all_of_another() -> None:
    """The page's "all" backs the claim's only when it takes all of the same class: "31 per
    cent of all new registrants" does not back "all nurses who left"."""
    page = ("Some 2,300 nurses trained abroad joined the register in 2024, making up 31 per "
            "cent of all new registrants. Of the nurses who left and answered an exit survey, "
            "42 per cent cited workload as the main reason.")
    assert signals("Among all nurses who left the register in 2024, 42 per cent cited "
                   "workload as the main reason.", page).get("frame_scope") == 1
    same = ("Of all nurses who left the register in 2024, 42 per cent cited workload as the "
            "main reason.")
    assert "frame_scope" not in signals("Among all nurses who left the register in 2024, "
                                        "42 per cent cited workload.", same)


def test_all_of_a_class_where_the_page_has_part_of_it() -> None:
    """"All of the flats" against "three of the flats": a quantifier taking all of a class
    the page takes part of; "all" said of a narrower class than the page's part is not."""
    page = ("Officers inspected the block in February and served improvement notices on "
            "three of the flats.")
    assert signals("Officers served improvement notices on all of the flats.",
                   page).get("frame_scope") == 1
    assert signals("Officers served improvement notices on three of the flats.", page) == {}
    homes = "Most of the homes will be two-bedroom properties, and all will be in the borough."
    assert signals("All of the homes will be two-bedroom properties.", homes).get(
        "frame_scope") == 1
    assert "frame_scope" not in signals("All of the homes will be in the borough.",
                                        "All of the homes will be in the borough.")
    tested = ("Six of the 48 fume cupboards tested failed the airflow test. All six were in "
              "the east wing.")
    assert "frame_scope" not in signals("All six failing cupboards were in the east wing.",
                                        tested)


def test_frames_round_trip_through_json() -> None:
    for text in ['"We are thrilled," said Mayor Jane Okafor of 40 buses.',
                 "Rafael Okon, the ERA's director, said the public was entitled to know.",
                 "All of the routes got a grant from the Kestrel Trust to the city.",
                 "She said the company would introduce a ban but may seek to delay it."]:
        (s,) = PARSER.sentences([text])
        again = Sentence.from_data(json.loads(json.dumps(s.to_data())))
        assert again == s
        assert text[:5] != "Rafae" or any(f.speaker == "okon" for f in again.frames)
        assert text[:4] != "All " or (again.quantified and any(f.marked for f in again.frames))
    assert any(f.firm and f.modal == "would" for f in again.frames)
    assert any(f.modal == "may" and not f.firm for f in again.frames)
    with pytest.raises((TypeError, ValueError, KeyError)):
        Sentence.from_data({"frames": [[1, 2]]})


def test_conflicts_are_stored_per_claim_and_read_back_without_parsing(tmp_path: Path) -> None:
    cfg = Config(cache_dir=tmp_path)
    claim, page = "The council did not approve the plan.", ["The council approved the plan."]
    first = Parser(cfg).conflicts(claim, page)
    assert first[0]["frame_polarity"] == 1.0 and first[1] == ("approve",)
    again = Parser(cfg)
    again.sentences = None  # type: ignore[assignment]  # parsing now would fail the test
    assert again.conflicts(claim, page) == first
    (stored,) = tmp_path.rglob("signals/*.json")
    for foreign in ('{"frame_polarity": "yes"}', json.dumps({"counts": first[0], "words": [1]})):
        stored.write_text(foreign, encoding="utf-8")  # foreign: found again
        assert Parser(cfg).conflicts(claim, page) == first


def test_parses_are_cached_on_disk_per_sentence(tmp_path: Path) -> None:
    cfg = Config(cache_dir=tmp_path)
    first = Parser(cfg).sentences(["The council approved the plan."])
    stored = list(tmp_path.rglob("*.json"))
    assert len(stored) == 1
    assert Parser(cfg).sentences(["The council approved the plan."]) == first
    stored[0].write_text("{not json", encoding="utf-8")  # damaged: parsed again
    assert Parser(cfg).sentences(["The council approved the plan."]) == first


SCORER = default_scorer(CONFIG)
PAGE = models.Document(
    title="Northwind to buy Solbright",
    paragraphs=(DEAL, "The deal is expected to close in the second quarter of 2027."),
)


def verdict(claim: str) -> models.Verdict:
    return verdict_for(SCORER.assess(claim, [("1", PAGE)]).score, CONFIG)


def test_not_just_is_no_negation() -> None:
    """"not just take part" asserts taking part: a focus adverb after "not" makes it no
    negation of the verb, while a plain "not" still is."""
    page = "Kestrel Valley can lead national work in energy, not just take part in it."
    claim = "Kestrel Valley can lead national work rather than simply take part in it."
    assert "frame_polarity" not in signals(claim, page)
    plain = "Kestrel Valley can lead national work in energy, but not take part in it."
    assert "frame_polarity" in signals(claim, plain)


def test_no_longer_negates_its_verb() -> None:
    """"Can no longer use" is "must not use": the parse hangs "no" under "longer"."""
    page = "Under the ban, customers must not use a hosepipe to water gardens."
    assert signals("Customers can no longer use a hosepipe to water gardens.", page) == {}
    assert "frame_polarity" in signals("Customers can still use a hosepipe to water gardens.",
                                       page)
    assert "frame_polarity" in signals("The shop no longer opens on Sundays.",
                                       "The shop opens on Sundays.")


def test_not_a_single_negates_the_verb_of_its_noun() -> None:
    """"Not a single sailing operated" is "no sailings operated", however the parse hangs
    the noun; "not all" denies the whole only and is not read as a negation."""
    page = "On 19 days no sailings at all operated on the main route to the island."
    assert signals("On 19 days, not a single sailing operated on the main route.", page) == {}
    assert "frame_polarity" in signals("On 19 days, sailings operated on the main route.",
                                       page)
    councillors = "No councillor objected to the plan at the meeting."
    assert signals("Not one councillor objected to the plan.", councillors) == {}
    most = "Most councillors backed the plan at the meeting."
    assert "frame_polarity" not in signals("Not all councillors backed the plan.", most)


def test_no_on_the_noun_of_a_participle_negates_it() -> None:
    """"With no decision expected before spring" is "a decision is not expected": the
    participle is said of its noun. An infinitive after "no request" is not denied:
    "received no request to relax the limit" against "had not received any request to
    relax the limit"."""
    page = "A decision is not expected before the spring."
    assert signals("The hearing ends in May, with no decision expected before the spring.",
                   page) == {}
    request = "The council said it had not received any request to relax the limit."
    assert signals("The council said it had received no request to relax the limit.",
                   request) == {}


def test_a_quote_standing_alone_goes_on_with_the_speaker_before_it() -> None:
    """A quoted sentence with no "said" of its own carries on the words of the sentence
    before ("…," she said.), whose speaker is the named subject before that."""
    page = ("Judge Miriam Okafor told the court users' committee that rooms stood empty.",
            '"We have courtrooms standing empty on days when we are ready," she said.',
            '"Every week that a trial is delayed, memories fade and witnesses drift away."',
            "Daniel Prentice KC, who chairs the circuit committee, said the shortage was acute.")
    claim = "{} warned that each week a trial is delayed, memories fade and witnesses drift away."
    assert signals(claim.format("Daniel Prentice KC"), *page).get("frame_speaker") == 1
    assert "frame_speaker" not in signals(claim.format("Judge Miriam Okafor"), *page)


def test_complaining_and_conceding_report_speech() -> None:
    """"Complained", "stressed", "conceded" give words to their subject as "said" does."""
    page = ("The union's president, Saoirse Banfield, said she would not pre-empt the result.",
            '"Nobody has shown students what the budget would look like," said Tom Reyes.')
    claim = "{} complained that nobody had shown students what the budget would look like."
    assert signals(claim.format("Saoirse Banfield"), *page).get("frame_speaker") == 1
    assert "frame_speaker" not in signals(claim.format("Tom Reyes"), *page)


def test_not_until_dates_the_event() -> None:
    """"Did not begin cutting wheat until 2 August" says the cutting began on 2 August."""
    page = '"We cut our first wheat on 2 August, about ten days later than usual," he said.'
    assert "frame_polarity" not in signals(
        "Gideon Pryce did not begin cutting wheat until 2 August.", page)
    assert "frame_polarity" in signals("Gideon Pryce did not cut any wheat on 2 August.", page)


def test_policies_make_a_swap_or_a_flipped_polarity_not_supported() -> None:
    assert verdict(DEAL) is models.Verdict.SUPPORTED
    assert verdict("Solbright Systems agreed to acquire Northwind Energy for $2.1 billion."
                   ) is models.Verdict.NOT_SUPPORTED  # fmt: skip
    assert verdict("Northwind Energy did not agree to acquire Solbright Systems."
                   ) is models.Verdict.NOT_SUPPORTED  # fmt: skip


def test_copied_claim_is_supported_and_a_changed_figure_is_named() -> None:
    assert verdict(DEAL) is models.Verdict.SUPPORTED
    a = SCORER.assess(DEAL.replace("2.1", "3.4"), [("1", PAGE)])
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert any("3.4" in s.text for s in a.unsupported_spans)


def test_claims_below_the_partial_threshold_are_not_parsed() -> None:
    scorer = default_scorer(CONFIG)
    scorer.assess("Completely unrelated words about gardening tulips.", [("1", PAGE)])
    assert getattr(scorer, "_parser", None) is None


def test_a_claim_stated_word_for_word_is_not_parsed() -> None:
    scorer = default_scorer(CONFIG)
    a = scorer.assess("northwind energy agreed to acquire Solbright Systems for $2.1 billion",
                      [("1", PAGE)])
    assert getattr(scorer, "_parser", None) is None
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    # One word changed, and the frame stage runs.
    scorer.assess(DEAL.replace("agreed", "declined"), [("1", PAGE)])
    assert getattr(scorer, "_parser", None) is not None


def test_a_missing_pipeline_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not installed"):
        require("xx_no_such_pipeline")
    draft = tmp_path / "d.md"
    draft.write_text("A claim [1].\n\n[1] https://example.org/a\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(draft)],
        capture_output=True, text=True, timeout=120,
        env={"FACTCHECK_SPACY_MODEL": "xx_no_such_pipeline", "PATH": "/usr/bin:/bin",
             "HOME": str(tmp_path)},
    )  # fmt: skip
    assert proc.returncode == 2
    assert "not installed" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_help_does_not_load_spacy() -> None:
    code = (
        "import sys\nsys.argv = ['factcheck', 'check', '--help']\nfrom factcheck.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('spacy' in sys.modules, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Usage" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "False"


def test_default_thresholds_are_the_fitted_ones() -> None:
    from factcheck.match.model import load_weights

    _, supported, partial = load_weights()
    assert (Config().supported_threshold, Config().partial_threshold) == (supported, partial)


def test_the_report_says_which_conflict_holds_a_verdict_down() -> None:
    from factcheck.match.model import explain

    a = SCORER.assess("Solbright Systems agreed to acquire Northwind Energy for $2.1 billion.",
                      [("1", PAGE)])  # fmt: skip
    assert explain(dict(a.parts), CONFIG) == "the source has the parties the other way round"
    hedged = SCORER.assess("The deal will close in the second quarter of 2027.", [("1", PAGE)])
    assert "hedges" in (explain(dict(hedged.parts), CONFIG) or "")
    assert explain(dict(SCORER.assess(DEAL, [("1", PAGE)]).parts), CONFIG) is None


def unbacked(claim: str) -> list[str]:
    return [s.text for s in SCORER.assess(claim, [("1", PAGE)]).unsupported_spans]


def test_the_words_a_conflict_is_about_are_named_though_the_page_has_them() -> None:
    """Every word of these claims is on the page; the spans name what the page says
    otherwise: the parties swapped, the hedge dropped."""
    assert unbacked(DEAL) == []
    swapped = unbacked("Solbright Systems agreed to acquire Northwind Energy for $2.1 billion.")
    assert "Solbright" in " ".join(swapped) and "Northwind" in " ".join(swapped)
    assert unbacked("The deal will close in the second quarter of 2027.") == ["close"]


def test_each_conflict_names_the_claim_words_it_is_about() -> None:
    def about(claim: str, *evidence: str) -> tuple[str, ...]:
        parsed = PARSER.sentences([claim, *evidence])
        return conflicts(parsed[0], parsed[1:])[1]

    quote = '"This makes us the second-largest operator in the state," said '
    page = quote + "chief executive Mara Lind."
    assert about(quote + "founder Piet Okafor.", page) == ("okafor",)
    assert about(quote + "Mara Lind.", page) == ()
    assert about("Sales rose 4 percent in March.", "Sales fell 4 percent in March.") == ("rise",)
    assert "nationwide" in about("Fares rose nationwide.", "Fares rose in Ostmark.")
    assert "largest" in about("Calder is the largest port in Ostmark.",
                              "Calder is a busy port in Ostmark.")
    # A name in another slot counts as a conflict but names no word (see NAMING).
    appointed = "The board appointed Ilse Varga as chief executive in May."
    assert about("The board appointed Tomas Reyes as chief executive.", appointed) == ()


def test_frame_neighbours_widens_or_narrows_the_evidence_rows() -> None:
    from factcheck.match.claim import analyse
    from factcheck.match.scorer import LexicalScorer, evidence_rows

    filler = ["Rain fell over the hills.", "Sheep grazed quietly.", "A ferry sailed at dawn.",
              "Gulls circled the harbour.", "Snow closed the pass."]
    page = models.Document(title="Notes", paragraphs=(" ".join(
        [*filler, "The council approved the new library by nine votes to two.", *filler]),))
    claim_text = "The council approved the new library by nine votes to two."
    rows = {}
    for n in (0, 1, 2):
        config = Config(frame_neighbours=n)
        scorer = LexicalScorer(config)
        claim = analyse(claim_text, config)
        view = scorer._view("1", page, claim)
        rows[n] = evidence_rows(view, claim, config)
    assert set(rows[0]) <= set(rows[1]) <= set(rows[2])
    assert len(rows[0]) < len(rows[2])
    with pytest.raises(ConfigError, match="frame_neighbours"):
        Config(frame_neighbours=-1)


def test_a_phrase_that_refrains_denies_its_complement() -> None:
    """"Stopped short of criticising" and "decided against closing" say it was not done,
    as "failed to" does; "did not stop short of" says it was."""
    short = "The minister stopped short of criticising the harbour board over the delays."
    assert signals("The minister did not criticise the harbour board over the delays.",
                   short) == {}
    assert "frame_polarity" in signals(
        "The minister criticised the harbour board over the delays.", short)
    assert "frame_polarity" in signals(
        "The minister did not criticise the harbour board over the delays.",
        "The minister did not stop short of criticising the harbour board over the delays.")
    against = "The council decided against closing the Elm Street library."
    assert signals("The council will not close the Elm Street library.", against) == {}
    assert "frame_polarity" in signals("The council decided to close the Elm Street library.",
                                       against)


def test_a_refraining_phrase_gives_its_complement_its_subject_and_hedges() -> None:
    """"Tom Hale stopped short of criticising" says Tom Hale did not: another critic is
    another party, not a flipped polarity. "May decide against closing" hedges the
    closing as "may fail to close" does. "Refrained from" and "fell short of" refrain as
    well."""
    frames = {f.pred: f for s in PARSER.sentences([
        "Tom Hale stopped short of criticising the harbour board.",
        "The council may decide against closing the Elm Street library."]) for f in s.frames}
    assert frames["criticise"].neg and frames["criticise"].agent == ("tom", "hale")
    assert frames["close"].neg and frames["close"].hedge and frames["close"].modal == "may"
    assert "frame_polarity" not in signals(
        "Ann Reyes criticised the harbour board over the delays.",
        "Tom Hale stopped short of criticising the harbour board over the delays.")
    for page in ("The minister refrained from criticising the harbour board.",
                 "The minister fell short of criticising the harbour board."):
        assert "frame_polarity" in signals("The minister criticised the harbour board.", page)


def test_a_refraining_phrase_is_read_however_the_parse_hangs_its_preposition() -> None:
    """The small model hangs "of" from "short" in most sentences and from "stopped" in
    some long ones ("..., though she stopped short of calling for the scheme to be
    scrapped"), "short" then beside it: both are the phrase, and the copied claim is not
    read as the opposite of its page."""
    import spacy
    from spacy.tokens import Doc

    from factcheck.match.frames import _refrained

    vocab = spacy.blank("en").vocab

    words = ["she", "stopped", "short", "of", "calling", "for", "a", "vote"]
    for heads in ([1, 1, 1, 2, 3, 4, 7, 5], [1, 1, 1, 1, 3, 4, 7, 5]):
        doc = Doc(vocab, words=words, heads=heads,
                  deps=["nsubj", "ROOT", "advmod", "prep", "pcomp", "prep", "det", "pobj"],
                  lemmas=["she", "stop", "short", "of", "call", "for", "a", "vote"])
        head = _refrained(doc[4])
        assert head is not None and head.i == 1, heads
    # "Short" beside the head but not right before the preposition is no phrase:
    # "fell short, independently of raising prices".
    doc = Doc(vocab, words=["profits", "fell", "short", ",", "independently", "of", "raising",
                            "prices"], heads=[1, 1, 1, 1, 1, 1, 5, 6],
              deps=["nsubj", "ROOT", "advmod", "punct", "advmod", "prep", "pcomp", "dobj"],
              lemmas=["profit", "fall", "short", ",", "independently", "of", "raise", "price"])
    assert _refrained(doc[6]) is None
    # A quotation mark between is no break: 'the rise "falls short" of meeting costs'.
    doc = Doc(vocab, words=["it", "falls", "short", '"', "of", "meeting", "costs"],
              heads=[1, 1, 1, 1, 1, 4, 5],
              deps=["nsubj", "ROOT", "advmod", "punct", "prep", "pcomp", "dobj"],
              lemmas=["it", "fall", "short", '"', "of", "meet", "cost"])
    head = _refrained(doc[5])
    assert head is not None and head.i == 1
    # Without the word between, "stopped ... of" is no refraining phrase.
    doc = Doc(vocab, words=["she", "stopped", "of", "calling"], heads=[1, 1, 1, 2],
              deps=["nsubj", "ROOT", "prep", "pcomp"], lemmas=["she", "stop", "of", "call"])
    assert _refrained(doc[3]) is None


def test_a_negation_reaches_down_a_chain_of_complements() -> None:
    """"Would not be able to move" denies the move, as "could not move" does: the small
    model hangs "move" from "able" and "able" from the negated "be"."""
    page = ("Members must give a year's notice, so anyone leaving now would not be able to "
            "move their milk before October.")
    assert "frame_polarity" not in signals(
        "Anyone leaving now could not move their milk before October.", page)
    assert "frame_polarity" in signals(
        "Anyone leaving now could move their milk before October.", page)
    frames = {f.pred: f for s in PARSER.sentences([page]) for f in s.frames}
    assert frames["move"].neg
    # Only through "able": a "not" on another adjective says the act happened, and a
    # negative implicative below it cancels it.
    for page in ("The board was not afraid to sell the land.",
                 "The board was not slow to sell the land.",
                 "The board never failed to be able to sell the land."):
        frames = {f.pred: f for s in PARSER.sentences([page]) for f in s.frames}
        assert not frames["sell"].neg, page


def test_a_participle_tagged_past_tense_is_said_of_its_noun() -> None:
    """"A lighting package, awarded separately to Lumenor Systems": the small model tags
    "awarded" a past tense after the comma; with no subject of its own, it is still a
    participle said of the package, so another name in its "to" is another party."""
    page = ("The rest of the budget is split between a €4.1 million airfield lighting "
            "package, awarded separately to Lumenor Systems, and €3.2 million set aside "
            "for design fees.")
    frame = next(f for s in PARSER.sentences([page]) for f in s.frames if f.pred == "award")
    assert "package" in frame.patient
    assert signals("The €4.1 million airfield lighting package was awarded separately to "
                   "Strandberg Infrastructure.", page).get("frame_slot") == 1
    assert "frame_slot" not in signals("The €4.1 million airfield lighting package was "
                                       "awarded separately to Lumenor Systems.", page)
