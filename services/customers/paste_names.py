"""Names in a pasted contact block (`paste_contact`): which line is a company (a legal form) and which a person.

- company: a legal form in the line (GmbH, S.L., Ltd, Inc., 주식회사, (주) ...).
- person: a labelled name (Ansprechpartner:, Contacto:, Attn:, 담당자 ...), else the first line that reads as a
  person's name: two to five capitalised words with particles (de, von, van ...), titles (Dr., Sra., Herr) dropped;
  Korean: a common surname and one to three syllables (`KOREAN_SURNAMES`), a job title beside it (팀장, 대표) dropped,
  a department (마케팅팀) refused. Lines with job words, greetings or address words (`NOT_A_NAME`) are not names.
"""

from __future__ import annotations

import re

LEGAL_FORM = re.compile(
    r'(?:\b(?:GmbH|gGmbH|AG|UG|KG|OHG|GbR|e\.\s?K\.|e\.\s?V\.|mbH|S\.\s?L\.(?:\s?[UP]\.)?|S\.\s?A\.|S\.\s?L\.\s?L\.'
    r'|S\.\s?C\.|SLU|SL|SA|Ltd\.?|Limited|LLC|L\.L\.C\.|Inc\.?|Corp\.?|PLC|LLP|Co\.)(?=$|[\s,.)|])'
    r'|주식회사|유한회사|㈜|\(주\)|\(유\))'
)
PERSON_LABEL = re.compile(
    r'^(?:Ansprechpartner(?:in)?|Kontakt|Vertreten durch|Geschäftsführer(?:in)?|Inhaber(?:in)?|Contact(?: person)?'
    r'|Attn\.?|Attention|Contacto|Persona de contacto|Atención|담당자|대표자?|대표이사)\s*[:.]?\s+(.+)$',
    re.IGNORECASE,
)
NOT_A_NAME = re.compile(
    r'\b(?:regards|grüße|grüßen|gruß|saludos?|atentamente|cordialmente|best|thanks|dank|danke|contact|kontakt|contacto'
    r'|impressum|address|adresse|dirección|manager|director|directora|head|ceo|cto|cfo|coo|consultant|engineer'
    r'|assistant|sales|marketing|office|support|team|founder|owner|partner|freelance|photographer|designer'
    r'|geschäftsführer|geschäftsführerin|leiter|leiterin|vertrieb|einkauf|buchhaltung|inhaber|inhaberin|abteilung'
    r'|gerente|comercial|responsable|jefe|jefa|administración|contabilidad|departamento|arquitecta?|abogad[oa]'
    r'|street|straße|strasse|calle|avenida|weg|platz|tel|phone|fax|mobile|email|e-mail|web|www)\b',
    re.IGNORECASE,
)
NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]*(?:['’-][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*"
LATIN_NAME = re.compile(
    r'^(?:(?:Dr|Prof|Mr|Mrs|Ms|Sr|Sra|Dña|Don|Herr|Frau)\.?\s+)*'
    rf'((?:{NAME_WORD}|[A-ZÀ-ÖØ-Þ]\.)(?:\s+(?:{NAME_WORD}|[A-ZÀ-ÖØ-Þ]\.|de|del|la|van|von|der|y)){{1,4}})$'
)
KOREAN_TITLES = frozenset(
    '대표이사 대표 사장 부사장 전무 상무 이사 실장 본부장 부장 차장 팀장 과장 대리 주임 사원 매니저 드림 올림'.split()
)
KOREAN_SURNAMES = set(
    '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부'
)
KOREAN_NAME = re.compile(r'^[가-힣]{2,4}(?<![팀부과실터소])$')  # not a department (마케팅팀)


def person_name(lines: list[str], company: str) -> str:
    for line in lines:
        labelled = PERSON_LABEL.match(line)
        if labelled:
            name = name_in(labelled.group(1).strip(' ,.'))
            if name:
                return name
    for line in lines:
        if not line or (company and company in line) or '@' in line or any(char.isdigit() for char in line):
            continue
        for part in re.split(r'\s[|·•,]\s|,\s', line):
            name = name_in(part.strip())
            if name and name not in company:
                return name
    return ''


def name_in(text: str) -> str:
    words = text.split()
    korean = [word for word in words if word not in KOREAN_TITLES]
    if korean and len(korean) == 1 and len(words) <= 2 and KOREAN_NAME.match(korean[0]):
        name = korean[0]
        return name if name[0] in KOREAN_SURNAMES else ''
    if NOT_A_NAME.search(text) or LEGAL_FORM.search(text):
        return ''
    match = LATIN_NAME.match(text)
    return match.group(1) if match else ''
