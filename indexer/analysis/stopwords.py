"""Function words of Russian, Kazakh and English.

They are indexed (quoted phrases need them) but a query's function word never
counts as a match on its own: it is not scored, not highlighted, not listed as
matched and does not decide how much of the query a document covers. A query of
function words only finds nothing.
"""

from __future__ import annotations

from indexer.analysis.text import bare, fold

RUSSIAN = """
а без более бы был была были было быть в вам вас ведь во вот все всё всего всех вы где да даже для до
его ее её ей ему если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне меня мы
на над не нее неё нет ни них но ну о об обо однако он она они оно от перед по под после потому поэтому
при про раз с сам свой своя свое своё свои себе себя со так также там те тем то тоже той только том
тот ту тут у уже хотя чего чем что чтобы чтоб эта эти это этот я мой моя моё мое мои твой твоя наш
ваш который которая которое которые которого которой очень просто вообще всегда из-за из-под
куда откуда туда сюда зачем почему
моего моей моих моим моему моем своего своей свою своих своим своему нас нам нами тебя тебе ты него нему ним
этого этой этом этим этих этому того тому тех теми всем всеми будет будут буду будем
"""
KAZAKH = """
мен бен пен және үшін туралы да де та те ма ме ба бе па пе ғой қой ғана тек бірақ немесе әлде сол бұл
осы ол олар біз сен сіз оның олардың менің біздің сенің сіздің өз өзі еді екен деп дейін кейін бойынша
арқылы сияқты қана енді әрі не ия жоқ қайда неге
мені маған менде менен оны оған онда одан бізге бізді сені саған сізге сізді оларға оларды мұны бұған осында өзім
өзіне өзін
"""
ENGLISH = """
a about after all also am an and any are as at be been being but by can could did do does for from had
has have he her him his how i if in into is it its just me my no not of off on or our out over she so
than that the their them then there these they this those to too up very was we were what when where
which who whom why will with without would you your
myself ours hers theirs itself themselves yourself must shall should might
"""

# Greetings, courtesies and the "what do I need to do" a worried person writes around the question
# («здравствуйте, подскажите пожалуйста, меня уволили из-за ВИЧ, что делать?»): they say nothing about the case,
# but as query words they diluted how much of the query a document covers (Labour Code art. 161 went from 1st to
# 4th), and «надо» stems like the preposition «над».
COURTESIES = """
здравствуйте здравствуй привет пожалуйста подскажите скажите спасибо благодарю извините простите делать
надо нужно
сәлеметсіз сәлеметсізбе сәлем өтінемін рақмет рахмет кешіріңіз айтыңызшы істеу істейін істеймін керек
hello hi please thanks thank sorry dear need
"""

# How a REActor names the person they help («у клиента ВИЧ, его уволили»): not the case itself. Our summaries
# advise REActors about "the client" throughout, so the word matched Criminal Code art. 118 (exposure to HIV).
# A lexicon phrase with it («клиент не заплатил», a sex worker's client) still matches: its other words count.
CLIENT = """
клиент клиента клиенту клиентом клиенте клиенты клиентов клиентам клиентами клиентах
клиентка клиентки клиентке клиентку клиенткой клиентками
клиенті клиентті клиенттің клиентке клиентпен клиенттер клиенттері
client clients client's
"""

STOPWORDS = frozenset(fold(word) for word in (RUSSIAN + KAZAKH + ENGLISH + COURTESIES + CLIENT).split())


def is_stopword(word: str) -> bool:
    """True for a function word of Russian, Kazakh or English (any case, punctuation around it ignored)."""
    return fold(bare(word)) in STOPWORDS
