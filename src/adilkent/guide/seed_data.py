"""The services the directorate's own documents name, written from those documents.

Each entry names its source file in ``/work/shared/seeds/`` (``DATA_DIR/../seeds``). Facts
(ages, amounts, places, dates) are only those the source gives; nothing else is added. Turkish
and English are complete; Arabic, Persian, Russian and Ukrainian give the name, a short
summary and search words here; the rest of their texts (descriptions, who can use it, how to
apply, fees, hours, the request questions and their answers) are translated in one file per
language, ``data/translations/<language>.json``, merged into ``SERVICES`` below, so that a
translator works in one file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

S_DIRECTORATE = "000_88ae8307bedfd481.txt"
S_CITTASLOW = "001_b121f0e98322c50f.txt"
S_UNHCR_NEWS = "002_ffee0a72a8ef312a.txt"
S_WOMEN_CHILDREN = "004_5bea3067f9f1c141.txt"

UNIT_EQUALITY = {
    "tr": "Kentsel Adalet ve Eşitlik Şube Müdürlüğü",
    "en": "Directorate of Urban Justice and Equality",
    "ar": "مديرية العدالة والمساواة الحضرية",
    "fa": "مدیریت عدالت و برابری شهری",
    "ru": "Управление городской справедливости и равенства",
    "uk": "Управління міської справедливості та рівності",
}
UNIT_MUNICIPALITY = {
    "tr": "İzmir Büyükşehir Belediyesi",
    "en": "İzmir Metropolitan Municipality",
    "ar": "بلدية إزمير الكبرى",
    "fa": "شهرداری کلان‌شهر ازمیر",
    "ru": "Муниципалитет Большого Измира",
    "uk": "Муніципалітет Великого Ізміра",
}
UNIT_VOCATIONAL = {
    "tr": "Meslek Fabrikası",
    "en": "Vocational Factory (Meslek Fabrikası)",
    "ar": "مصنع المهن (Meslek Fabrikası)",
    "fa": "کارخانه حرفه (Meslek Fabrikası)",
    "ru": "Профессиональная фабрика (Meslek Fabrikası)",
    "uk": "Професійна фабрика (Meslek Fabrikası)",
}


def _lv(key: str, **names: str) -> dict[str, Any]:
    return {"key": key, "names": names}


SERVICES: list[dict[str, Any]] = [
    {
        "code": "him",
        "group": "contact",
        "order": 1,
        "channels": ["phone", "in_person", "online"],
        "sla_days": 5,
        "source_file": S_DIRECTORATE,
        "source_note": "Hemşehri İletişim Merkezi; HİM Multilingual Service Project with UNHCR (also 002).",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Hemşehri İletişim Merkezi (HİM): bilgi, başvuru ve şikâyet",
            "en": "Citizens' Communication Center (HİM): information, applications and complaints",
            "ar": "مركز التواصل مع المواطنين (HİM): معلومات وطلبات وشكاوى",
            "fa": "مرکز ارتباط با شهروندان (HİM): اطلاعات، درخواست و شکایت",
            "ru": "Центр связи с гражданами (HİM): справки, заявления и жалобы",
            "uk": "Центр зв'язку з громадянами (HİM): довідки, заяви та скарги",
        },
        "summary": {
            "tr": "Belediye hizmetlerine nasıl ulaşacağınızı ve nasıl başvuracağınızı öğrenin, bazı hizmetlere başvurun, kentteki sorunlarla ilgili şikâyetinizi iletin. Arapça ve İngilizce de yanıt verilir.",
            "en": "Learn how to reach municipal services and how to apply, apply for some services, and report problems in the city. Answers are also given in Arabic and English.",
            "ar": "تعرّف على كيفية الوصول إلى خدمات البلدية وطريقة التقديم، وقدّم طلبك لبعض الخدمات، وأبلغ عن مشاكل المدينة. تتوفر الإجابة باللغتين العربية والإنجليزية أيضاً.",
            "fa": "بدانید چگونه به خدمات شهرداری دسترسی پیدا کنید و درخواست دهید، برای برخی خدمات درخواست بدهید و مشکلات شهر را گزارش کنید. پاسخ به عربی و انگلیسی هم داده می‌شود.",
            "ru": "Узнайте, как получить муниципальные услуги и как подать заявление, подайте заявление на некоторые услуги или сообщите о проблемах в городе. Отвечают также на арабском и английском.",
            "uk": "Дізнайтеся, як отримати муніципальні послуги та як подати заяву, подайте заяву на деякі послуги або повідомте про проблеми в місті. Відповідають також арабською та англійською.",
        },
        "description": {
            "tr": "HİM, İzmir'de yaşayan ve İzmir'i ziyaret eden herkesin belediye hizmetlerine erişim ve başvuru yolları hakkında bilgi alabildiği, bazı hizmetlere başvurabildiği ve kentteki sorunlarla ilgili şikâyetlerini iletebildiği iletişim merkezidir. UNHCR iş birliğiyle yürütülen HİM Çok Dilli Hizmet Projesi ile yabancılara ve mültecilere Arapça ve İngilizce yanıt ve yüz yüze görüşme hizmeti verilir.",
            "en": "HİM is the communications centre where everyone living in or visiting İzmir can get information on reaching municipal services and how to apply, apply for certain services, and convey complaints about problems in the city. Through the HİM Multilingual Service Project with UNHCR, foreigners and refugees are answered, and met face to face, in Arabic and English.",
        },
        "eligibility": {
            "tr": "İzmir'de yaşayan veya İzmir'i ziyaret eden herkes.",
            "en": "Everyone living in or visiting İzmir.",
        },
        "how_to_apply": {
            "tr": "Bu sitedeki başvuru formunu kullanın ya da HİM'i arayın veya ziyaret edin; görevli başvurunuzu sizin adınıza kaydeder. Size bir takip kodu verilir.",
            "en": "Use the request form on this site, or call or visit HİM; an operator records your request on your behalf. You receive a tracking code.",
        },
        "keywords": {
            "tr": "şikayet öneri bilgi talep çağrı merkezi sorun yol çukur çöp su kesintisi gürültü",
            "en": "complaint suggestion information call centre problem road pothole rubbish noise",
            "ar": "شكوى اقتراح معلومات مركز اتصال مشكلة طريق قمامة ضجيج",
            "fa": "شکایت پیشنهاد اطلاعات مرکز تماس مشکل خیابان زباله سر و صدا",
            "ru": "жалоба предложение справка колл-центр проблема дорога мусор шум",
            "uk": "скарга пропозиція довідка кол-центр проблема дорога сміття шум",
        },
        "attributes": [
            {
                "code": "observed_at",
                "datatype": "datetime",
                "required": False,
                "order": 1,
                "description": {
                    "tr": "Sorunu ne zaman gördünüz?",
                    "en": "When did you see the problem?",
                },
            },
        ],
    },
    {
        "code": "refugee-desk",
        "group": "refugees",
        "order": 2,
        "channels": ["in_person", "phone"],
        "sla_days": 5,
        "source_file": S_DIRECTORATE,
        "source_note": "Refugee Desk, established September 2020 with UNHCR (also 002).",
        "responsible_unit": UNIT_EQUALITY,
        "name": {
            "tr": "Mülteci Masası",
            "en": "Refugee Desk",
            "ar": "مكتب اللاجئين",
            "fa": "میز پناهندگان",
            "ru": "Отдел по делам беженцев",
            "uk": "Відділ у справах біженців",
        },
        "summary": {
            "tr": "Mültecilerin belediye hizmetlerine eşit erişimi için köprü: hangi birime, nasıl başvuracağınızı birlikte bulur, sizi yönlendirir.",
            "en": "A bridge to municipal services for refugees: finds with you which unit to apply to and how, and refers you.",
            "ar": "جسر بين اللاجئين وخدمات البلدية: يساعدك في معرفة الجهة التي تتقدم إليها وكيفية التقديم، ويحيلك إليها.",
            "fa": "پلی میان پناهندگان و خدمات شهرداری: با شما پیدا می‌کند به کدام واحد و چگونه درخواست دهید و شما را ارجاع می‌دهد.",
            "ru": "Мост между беженцами и муниципальными услугами: вместе с вами определяет, куда и как обратиться, и направляет вас.",
            "uk": "Міст між біженцями та муніципальними послугами: разом з вами визначає, куди й як звернутися, і скеровує вас.",
        },
        "description": {
            "tr": "Mülteci Masası, mültecilerin İzmir Büyükşehir Belediyesi hizmetlerine eşit erişimini ve fırsat eşitliğini artırmak için Eylül 2020'de UNHCR ortaklığıyla Kentsel Adalet ve Eşitlik Şube Müdürlüğü bünyesinde kuruldu. Belediye birimleri ile mülteciler arasında köprü kurar; sivil toplum kuruluşları, uluslararası kuruluşlar, ilçe belediyeleri ve kamu kurumlarıyla birlikte çalışarak hizmetlere erişimdeki engelleri kaldırmaya çalışır. Kente yeni gelenler için altı dilde bir 'İzmir'e Hoş Geldiniz' rehberi hazırlanmıştır.",
            "en": "The Refugee Desk was set up in September 2020 with UNHCR, within the Directorate of Urban Justice and Equality, to increase refugees' equal access to the services of İzmir Metropolitan Municipality. It bridges municipal units and refugees, working with civil-society organisations, international organisations, district municipalities and public institutions to remove the barriers that keep services from reaching refugees. A 'Welcome to İzmir' guide in six languages has been prepared for newcomers.",
        },
        "eligibility": {
            "tr": "İzmir'de yaşayan mülteciler, sığınmacılar ve kente yeni gelen yabancılar.",
            "en": "Refugees, asylum seekers and newly arrived foreigners living in İzmir.",
        },
        "how_to_apply": {
            "tr": "Başvuru formunda bu hizmeti seçin; tercih ettiğiniz dili ve tercüman gerekip gerekmediğini belirtin.",
            "en": "Choose this service on the request form; say which language you prefer and whether you need an interpreter.",
        },
        "keywords": {
            "tr": "mülteci sığınmacı göçmen yabancı suriyeli geçici koruma tercüman yönlendirme",
            "en": "refugee asylum migrant foreigner syrian temporary protection interpreter referral",
            "ar": "لاجئ لاجئين طالب لجوء مهاجر أجنبي سوري حماية مؤقتة مترجم إحالة",
            "fa": "پناهنده پناهجو مهاجر خارجی افغان حمایت موقت مترجم ارجاع",
            "ru": "беженец беженцы мигрант иностранец временная защита переводчик направление",
            "uk": "біженець біженці мігрант іноземець тимчасовий захист перекладач направлення",
        },
        "attributes": [
            {
                "code": "household_size",
                "datatype": "number",
                "required": False,
                "order": 1,
                "description": {
                    "tr": "Hanenizde kaç kişi var?",
                    "en": "How many people live in your household?",
                },
            },
        ],
    },
    {
        "code": "legal-aid",
        "group": "legal",
        "order": 3,
        "channels": ["mobile", "in_person"],
        "sla_days": 10,
        "source_file": S_CITTASLOW,
        "source_note": "Legal Aid Tool for Justice; protocol with the İzmir Bar Association of 10.12.2020 (also 000).",
        "responsible_unit": UNIT_EQUALITY,
        "name": {
            "tr": "Adalet İçin Hukuk Aracı: ücretsiz hukuki destek",
            "en": "Legal Aid Vehicle for Justice: free legal support",
            "ar": "مركبة المساعدة القانونية من أجل العدالة: دعم قانوني مجاني",
            "fa": "خودروی کمک حقوقی برای عدالت: مشاوره حقوقی رایگان",
            "ru": "Мобильная юридическая помощь «Ради справедливости»: бесплатная консультация юриста",
            "uk": "Мобільна юридична допомога «Заради справедливості»: безкоштовна консультація юриста",
        },
        "summary": {
            "tr": "Maddi imkânı olmayan ve kent merkezinden uzak mahallelerde yaşayanlara avukattan doğrudan ve ücretsiz hukuki destek.",
            "en": "Direct, free legal support from lawyers for people without financial means living in neighbourhoods far from the city centre.",
            "ar": "دعم قانوني مباشر ومجاني من محامين للأشخاص محدودي الدخل في الأحياء البعيدة عن مركز المدينة.",
            "fa": "مشاوره حقوقی مستقیم و رایگان از وکیل برای افراد کم‌درآمد در محله‌های دور از مرکز شهر.",
            "ru": "Прямая и бесплатная помощь адвоката для людей без средств, живущих в районах далеко от центра города.",
            "uk": "Пряма й безкоштовна допомога адвоката для людей без коштів, які живуть у районах далеко від центру міста.",
        },
        "description": {
            "tr": "İzmir Barosu ile İzmir Büyükşehir Belediyesi arasında 10.12.2020'de imzalanan iş birliği protokolü kapsamında yürütülür. Maddi imkânı olmayan, sosyal adaletsizliğin yoğun yaşandığı ve kent merkezine uzak bölgelerde yaşayan kentlilerin adalete erişimini desteklemek için çocuk hakları, kadın hakları, şiddetle mücadele ve mülteci hakları konularında doğrudan ve ücretsiz hukuki destek verir. İlk olarak Limontepe'de hizmet vermiştir. Amaç, hayatında hiç avukat desteği almamış kişilerin hak kaybına uğramasını önlemektir.",
            "en": "Run under the cooperation protocol signed by the İzmir Bar Association and İzmir Metropolitan Municipality on 10.12.2020. It gives direct and free legal support on children's rights, women's rights, combating violence and refugee rights, so that residents without financial means, living in areas far from the city centre where social injustice is intense, can reach justice. It first served in Limontepe. The aim is that people who have never had a lawyer's help do not lose their rights.",
        },
        "eligibility": {
            "tr": "Maddi imkânı olmayan kentliler; öncelikle kent merkezine uzak mahallelerde yaşayanlar.",
            "en": "Residents without financial means, above all those in neighbourhoods far from the city centre.",
        },
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "how_to_apply": {
            "tr": "Araç mahallenize geldiğinde gidin ya da başvuru formundan görüşme isteyin.",
            "en": "Visit the vehicle when it comes to your neighbourhood, or ask for an appointment with the request form.",
        },
        "keywords": {
            "tr": "avukat hukuk dava mahkeme boşanma nafaka şiddet kadın hakları çocuk hakları baro hukuki danışmanlık hukuki yardım adli yardım",
            "en": "lawyer legal advice legal aid legal help court case divorce alimony violence women's rights children's rights bar association",
            "ar": "محامي استشارة قانونية مساعدة قانونية عون قانوني محكمة قضية طلاق نفقة عنف حقوق المرأة حقوق الطفل",
            "fa": "وکیل مشاوره حقوقی کمک حقوقی معاضدت حقوقی دادگاه پرونده طلاق نفقه خشونت حقوق زنان حقوق کودک",
            "ru": "адвокат юрист юридическая консультация юридическая помощь правовая помощь суд развод алименты насилие права женщин права детей",
            "uk": "адвокат юрист юридична консультація юридична допомога правова допомога правнича допомога суд розлучення аліменти насильство права жінок права дітей",
        },
        "attributes": [
            {
                "code": "topic",
                "datatype": "singlevaluelist",
                "required": True,
                "order": 1,
                "description": {"tr": "Konu", "en": "Topic"},
                "values": [
                    _lv("children", tr="Çocuk hakları", en="Children's rights"),
                    _lv("women", tr="Kadın hakları", en="Women's rights"),
                    _lv("violence", tr="Şiddetle mücadele", en="Combating violence"),
                    _lv("refugee", tr="Mülteci hakları", en="Refugee rights"),
                    _lv("other", tr="Diğer", en="Other"),
                ],
            },
            {
                "code": "preferred_time",
                "datatype": "string",
                "required": False,
                "order": 2,
                "description": {
                    "tr": "Size ne zaman ulaşalım?",
                    "en": "When should we contact you?",
                },
            },
        ],
    },
    {
        "code": "home-care",
        "group": "care",
        "order": 4,
        "channels": ["home", "phone"],
        "sla_days": 10,
        "source_file": S_CITTASLOW,
        "source_note": "Home Care Services: cleaning, self-care, psychosocial support, home exercise; weekdays.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Evde Bakım Hizmetleri",
            "en": "Home Care Services",
            "ar": "خدمات الرعاية المنزلية",
            "fa": "خدمات مراقبت در خانه",
            "ru": "Уход на дому",
            "uk": "Догляд вдома",
        },
        "summary": {
            "tr": "Sağlık sorunları nedeniyle günlük ihtiyaçlarını karşılamakta zorlananlara evde temizlik, öz bakım, psikososyal destek ve ev egzersizi.",
            "en": "Home cleaning, self-care, psychosocial support and home exercise for people whose health makes daily needs hard to meet.",
            "ar": "تنظيف المنزل والعناية الشخصية والدعم النفسي الاجتماعي والتمارين المنزلية لمن يصعب عليهم تلبية احتياجاتهم اليومية بسبب المرض.",
            "fa": "نظافت خانه، مراقبت شخصی، حمایت روانی-اجتماعی و ورزش در خانه برای کسانی که به دلیل بیماری در انجام کارهای روزانه مشکل دارند.",
            "ru": "Уборка дома, личный уход, психосоциальная поддержка и упражнения на дому для тех, кому из-за здоровья трудно справляться с повседневными делами.",
            "uk": "Прибирання вдома, особистий догляд, психосоціальна підтримка та вправи вдома для тих, кому через здоров'я важко впоратися з щоденними справами.",
        },
        "description": {
            "tr": "Farklı sağlık sorunları nedeniyle günlük ihtiyaçlarını karşılamakta güçlük çeken ve çeşitli açılardan dezavantajlı olan İzmirlilerin yaşam kalitesini evlerinde sunulan hizmetlerle artırmayı amaçlar. Başvuranlara evde temizlik, öz bakım, psikososyal destek ve ev egzersizi hizmetleri verilir.",
            "en": "Aims to raise the quality of life of İzmir residents who find it hard to meet their daily needs because of health problems and who are disadvantaged in other ways, with services given in their homes. Applicants receive home cleaning, self-care, psychosocial support and home exercise services.",
        },
        "eligibility": {
            "tr": "Sağlık sorunları nedeniyle günlük ihtiyaçlarını karşılamakta güçlük çeken İzmirliler.",
            "en": "İzmir residents who find it hard to meet their daily needs because of health problems.",
        },
        "hours": {"tr": "Hafta içi mesai saatlerinde.", "en": "Weekdays, during working hours."},
        "keywords": {
            "tr": "yaşlı engelli hasta bakım temizlik evde bakım yatalak banyo egzersiz psikolojik destek",
            "en": "elderly disabled sick care cleaning bedridden bathing exercise psychological support",
            "ar": "مسن كبار السن معاق مريض رعاية تنظيف طريح الفراش حمام دعم نفسي",
            "fa": "سالمند معلول بیمار مراقبت نظافت زمین‌گیر حمام حمایت روانی",
            "ru": "пожилой инвалид больной уход уборка лежачий купание психологическая поддержка",
            "uk": "літній інвалід хворий догляд прибирання лежачий купання психологічна підтримка",
        },
        "attributes": [
            {
                "code": "needs",
                "datatype": "multivaluelist",
                "required": True,
                "order": 1,
                "description": {
                    "tr": "Hangi desteğe ihtiyacınız var?",
                    "en": "Which support do you need?",
                },
                "values": [
                    _lv("cleaning", tr="Evde temizlik", en="Home cleaning"),
                    _lv("self_care", tr="Öz bakım", en="Self-care"),
                    _lv("psychosocial", tr="Psikososyal destek", en="Psychosocial support"),
                    _lv("exercise", tr="Ev egzersizi", en="Home exercise"),
                ],
            },
            {
                "code": "situation",
                "datatype": "text",
                "required": False,
                "order": 2,
                "description": {
                    "tr": "Durumunuzu kısaca anlatın",
                    "en": "Describe your situation briefly",
                },
            },
        ],
    },
    {
        "code": "milk-programme",
        "group": "food",
        "order": 5,
        "channels": ["home"],
        "sla_days": 15,
        "source_file": S_CITTASLOW,
        "source_note": "Süt Kuzusu: 8 litres of milk a month for children aged 1-5, door to door.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Süt Kuzusu: 1–5 yaş çocuklara süt",
            "en": "Milk Lamb (Süt Kuzusu): milk for children aged 1–5",
            "ar": "مشروع Süt Kuzusu: حليب للأطفال من سنة إلى 5 سنوات",
            "fa": "طرح Süt Kuzusu: شیر برای کودکان 1 تا 5 ساله",
            "ru": "Süt Kuzusu: молоко для детей от 1 до 5 лет",
            "uk": "Süt Kuzusu: молоко для дітей від 1 до 5 років",
        },
        "summary": {
            "tr": "1–5 yaş arası çocuklara ayda bir kez çocuk başına 8 litre süt, kapı kapı dağıtılır.",
            "en": "8 litres of milk per child, once a month, delivered door to door to children aged 1–5.",
            "ar": "8 لترات حليب لكل طفل مرة في الشهر، تُوزَّع من باب إلى باب على الأطفال من سنة إلى 5 سنوات.",
            "fa": "ماهی یک بار 8 لیتر شیر برای هر کودک 1 تا 5 ساله، درِ خانه تحویل داده می‌شود.",
            "ru": "8 литров молока на ребёнка раз в месяц, с доставкой до двери, для детей от 1 до 5 лет.",
            "uk": "8 літрів молока на дитину раз на місяць, з доставкою до дверей, для дітей від 1 до 5 років.",
        },
        "description": {
            "tr": "2012'de başlayan projeyle 1–5 yaş arası çocuklara ayda bir kez 8 litre süt dağıtılır. Süt üretici kooperatiflerinden alınır ve 'her çocuğa ayda 8 litre' ilkesiyle kapı kapı ulaştırılır; 2020 itibarıyla 30 ilçede 601 mahallede 156.313 çocuğa süt dağıtılmıştır. Proje hem zor durumdaki süt üreticilerini destekler hem de çocukların sağlıklı süt içmesini sağlar.",
            "en": "Since 2012, children aged 1–5 receive 8 litres of milk once a month. The milk is bought from producer cooperatives and delivered door to door on the principle of '8 litres per child per month'; as of 2020, milk had reached 156,313 children in 601 neighbourhoods of 30 districts. The project supports milk producers in hard times and lets children drink healthy milk.",
        },
        "eligibility": {"tr": "1–5 yaş arası çocuklar.", "en": "Children aged 1 to 5."},
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "keywords": {
            "tr": "süt bebek çocuk beslenme gıda yardımı süt dağıtımı",
            "en": "milk baby child nutrition food aid milk delivery",
            "ar": "حليب رضيع طفل تغذية مساعدة غذائية توزيع الحليب",
            "fa": "شیر نوزاد کودک تغذیه کمک غذایی توزیع شیر",
            "ru": "молоко малыш ребёнок питание продуктовая помощь доставка молока",
            "uk": "молоко малюк дитина харчування продуктова допомога доставка молока",
        },
        "attributes": [
            {
                "code": "children_count",
                "datatype": "number",
                "required": True,
                "order": 1,
                "description": {
                    "tr": "1–5 yaş arası kaç çocuğunuz var?",
                    "en": "How many children aged 1–5 live with you?",
                },
            },
            {
                "code": "youngest_birth_date",
                "datatype": "datetime",
                "required": False,
                "order": 2,
                "description": {
                    "tr": "En küçük çocuğun doğum tarihi",
                    "en": "Birth date of the youngest child",
                },
            },
        ],
    },
    {
        "code": "child-youth-centres",
        "group": "children",
        "order": 6,
        "channels": ["in_person"],
        "sla_days": 10,
        "source_file": S_CITTASLOW,
        "source_note": "Child and Youth Centres (ÇOGEM), ages 7-14, nine centres (004: eight Child Centres, ages 6-14).",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Çocuk ve Gençlik Merkezleri (ÇOGEM)",
            "en": "Child and Youth Centres (ÇOGEM)",
            "ar": "مراكز الأطفال والشباب (ÇOGEM)",
            "fa": "مراکز کودکان و نوجوانان (ÇOGEM)",
            "ru": "Детские и молодёжные центры (ÇOGEM)",
            "uk": "Дитячі та молодіжні центри (ÇOGEM)",
        },
        "summary": {
            "tr": "Okul dışındaki zamanlarında çocuklar için güvenli bir ortamda akademik destek, sanat, spor ve kodlama; ailelere destek.",
            "en": "Homework support, arts, sport and coding for children outside school hours in a safe place, with support for families.",
            "ar": "دعم دراسي وفنون ورياضة وبرمجة للأطفال خارج أوقات المدرسة في مكان آمن، مع دعم للأسر.",
            "fa": "کمک درسی، هنر، ورزش و کدنویسی برای کودکان در ساعات بیرون از مدرسه در مکانی امن، همراه با حمایت از خانواده‌ها.",
            "ru": "Помощь с учёбой, искусство, спорт и программирование для детей после школы в безопасном месте, поддержка семей.",
            "uk": "Допомога з навчанням, мистецтво, спорт і програмування для дітей після школи в безпечному місці, підтримка сімей.",
        },
        "description": {
            "tr": "Çocuk ve Gençlik Merkezleri, 7–14 yaş arası çocukların okul dışındaki zamanlarını verimli değerlendirmesini ve becerilerini geliştirmesini sağlarken ailelerini de içeren bir sosyal destek süreci yürütür. Kaynakta adı geçen merkezler: Uzundere, Çiğli, Güzelbahçe, Toros, Örnekköy, Gümüşpala, Limontepe, Buca ve Yenişehir. Merkezlerde akademik destek, STEM ve robotik kodlama, yabancı dil, sanat ve müzik atölyeleri, spor, çocuk hakları atölyeleri, psikososyal destek ve ebeveyn eğitimleri sunulur.",
            "en": "Child and Youth Centres help children aged 7–14 use their time outside school well and develop their skills, with a social support process that includes their families. Centres named in the source: Uzundere, Çiğli, Güzelbahçe, Toros, Örnekköy, Gümüşpala, Limontepe, Buca and Yenişehir. They offer academic support, STEM and robotics coding, foreign languages, art and music workshops, sport, children's-rights workshops, psychosocial support and parent education.",
        },
        "eligibility": {
            "tr": "7–14 yaş arası çocuklar ve aileleri.",
            "en": "Children aged 7 to 14 and their families.",
        },
        "keywords": {
            "tr": "çocuk merkezi etüt ödev kurs robotik kodlama spor sanat okul sonrası",
            "en": "children centre homework study robotics coding sport art after school",
            "ar": "مركز أطفال واجبات مدرسية دروس روبوتات برمجة رياضة فن بعد المدرسة",
            "fa": "مرکز کودکان تکالیف مدرسه کلاس رباتیک کدنویسی ورزش هنر بعد از مدرسه",
            "ru": "детский центр домашнее задание кружки робототехника программирование спорт искусство после школы",
            "uk": "дитячий центр домашнє завдання гуртки робототехніка програмування спорт мистецтво після школи",
        },
        "attributes": [
            {
                "code": "child_age",
                "datatype": "number",
                "required": True,
                "order": 1,
                "description": {"tr": "Çocuğun yaşı", "en": "Child's age"},
            },
        ],
    },
    {
        "code": "talehouse",
        "group": "children",
        "order": 7,
        "channels": ["in_person"],
        "sla_days": 10,
        "source_file": S_CITTASLOW,
        "source_note": "Talehouses (Masal Evleri), children aged 36-53 months, 14 houses.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Masal Evleri (36–53 ay)",
            "en": "Talehouses (children aged 36–53 months)",
            "ar": "بيوت الحكايات (للأطفال من 36 إلى 53 شهراً)",
            "fa": "خانه‌های قصه (کودکان 36 تا 53 ماهه)",
            "ru": "Дома сказок (дети от 36 до 53 месяцев)",
            "uk": "Будинки казок (діти від 36 до 53 місяців)",
        },
        "summary": {
            "tr": "36–53 aylık çocuklar için masal, oyun ve sanat atölyeleriyle okul öncesi eğitim.",
            "en": "Early-childhood education through tales, play and art workshops for children aged 36–53 months.",
            "ar": "تعليم مبكر عبر الحكايات واللعب وورش الفن للأطفال من 36 إلى 53 شهراً.",
            "fa": "آموزش پیش‌دبستانی با قصه، بازی و کارگاه هنر برای کودکان 36 تا 53 ماهه.",
            "ru": "Дошкольное обучение через сказки, игры и творческие занятия для детей 36–53 месяцев.",
            "uk": "Дошкільне навчання через казки, ігри та творчі заняття для дітей 36–53 місяців.",
        },
        "description": {
            "tr": "Masal Evleri, erken çocukluk eğitiminin önemini vurgulayan, masallar etrafında oyunlarla ve doğayla iç içe sanatsal etkinliklerle düzenlenen etkinlik merkezleridir; 36–53 aylık çocukların gelişim özelliklerini bütüncül olarak gözeten atölyeler sunar. Çocukları Masal Evlerinden yararlanan annelere Meslek Fabrikası iş birliğiyle mesleki ve teknik kurslar açılır. Kaynakta Toros, Bayraklı, Kadifekale, Tire, Örnekköy, Gümüşpala, Limontepe, Buca, Aliağa, Kemalpaşa, Kınık, Mersinli Yenişehir ve Bornova'da toplam 14 Masal Evi sayılır.",
            "en": "Talehouses are activity centres built around fairy tales, play and art close to nature, stressing the importance of early-childhood education, with workshops designed for the development of children aged 36–53 months. Mothers of children at the Talehouses can join vocational and technical courses with the Vocational Factory. The source lists 14 Talehouses in Toros, Bayraklı, Kadifekale, Tire, Örnekköy, Gümüşpala, Limontepe, Buca, Aliağa, Kemalpaşa, Kınık, Mersinli Yenişehir and Bornova.",
        },
        "eligibility": {"tr": "36–53 aylık çocuklar.", "en": "Children aged 36 to 53 months."},
        "keywords": {
            "tr": "masal evi kreş anaokulu okul öncesi küçük çocuk oyun",
            "en": "nursery preschool kindergarten toddler play fairy tale",
            "ar": "حضانة روضة ما قبل المدرسة طفل صغير لعب حكايات",
            "fa": "مهدکودک پیش‌دبستانی کودک خردسال بازی قصه",
            "ru": "ясли детский сад дошкольное малыш игры сказки",
            "uk": "ясла дитячий садок дошкільне малюк ігри казки",
        },
        "attributes": [],
    },
    {
        "code": "yuvamiz-izmir",
        "group": "children",
        "order": 8,
        "channels": ["in_person"],
        "sla_days": 10,
        "source_file": S_WOMEN_CHILDREN,
        "source_note": "Yuvamız İzmir Child Activity Centres: 22 centres, ages 36-66 months, 4,000 TL a month in 2025-2026.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Yuvamız İzmir Çocuk Etkinlik Merkezleri",
            "en": "Yuvamız İzmir Child Activity Centres",
            "ar": "مراكز أنشطة الأطفال Yuvamız İzmir",
            "fa": "مراکز فعالیت کودکان Yuvamız İzmir",
            "ru": "Детские центры Yuvamız İzmir",
            "uk": "Дитячі центри Yuvamız İzmir",
        },
        "summary": {
            "tr": "36–66 aylık çocuklar için uygun ücretli gündüz etkinlik merkezleri.",
            "en": "Affordable day activity centres for children aged 36–66 months.",
            "ar": "مراكز نهارية بأسعار مناسبة للأطفال من 36 إلى 66 شهراً.",
            "fa": "مراکز روزانه با هزینه مناسب برای کودکان 36 تا 66 ماهه.",
            "ru": "Недорогие дневные центры для детей от 36 до 66 месяцев.",
            "uk": "Недорогі денні центри для дітей від 36 до 66 місяців.",
        },
        "description": {
            "tr": "Yuvamız İzmir Çocuk Etkinlik Merkezlerinin sayısı iki yılda 22'ye çıkarıldı ve 36–66 aylık 1.600 çocuğa hizmet veriyor; 2026'da 30 merkeze ulaşılması hedefleniyor.",
            "en": "The number of Yuvamız İzmir Child Activity Centres rose to 22 in two years; they serve 1,600 children aged 36–66 months, and 30 centres are planned for 2026.",
        },
        "eligibility": {"tr": "36–66 aylık çocuklar.", "en": "Children aged 36 to 66 months."},
        "fees": {
            "tr": "2025–2026 döneminde aylık ücret 4.000 TL. Önceki yıl yüzde 50 indirimle 10.000 TL'den 5.000 TL'ye düşürülmüştü.",
            "en": "4,000 TL a month in 2025–2026. The year before, a 50% discount had lowered it from 10,000 TL to 5,000 TL.",
        },
        "keywords": {
            "tr": "kreş yuva gündüz bakım anaokulu çocuk bakımı ücret",
            "en": "daycare nursery childcare kindergarten fee",
            "ar": "حضانة رعاية نهارية روضة رعاية الأطفال رسوم",
            "fa": "مهدکودک مراقبت روزانه کودک شهریه",
            "ru": "детский сад ясли присмотр за ребёнком плата",
            "uk": "дитячий садок ясла догляд за дитиною плата",
        },
        "attributes": [],
    },
    {
        "code": "vocational-courses",
        "group": "education",
        "order": 9,
        "channels": ["in_person"],
        "sla_days": 15,
        "source_file": S_WOMEN_CHILDREN,
        "source_note": "Meslek Fabrikası: free vocational training in 15 districts, 29 course centres, about 35 fields and 215 branches.",
        "responsible_unit": UNIT_VOCATIONAL,
        "name": {
            "tr": "Meslek Fabrikası: ücretsiz meslek kursları",
            "en": "Vocational Factory: free vocational courses",
            "ar": "مصنع المهن: دورات مهنية مجانية",
            "fa": "کارخانه حرفه: دوره‌های رایگان آموزش حرفه‌ای",
            "ru": "Профессиональная фабрика: бесплатные профессиональные курсы",
            "uk": "Професійна фабрика: безкоштовні професійні курси",
        },
        "summary": {
            "tr": "15 ilçede 29 kurs merkezinde yaklaşık 35 alanda ve 215 branşta ücretsiz meslek eğitimi.",
            "en": "Free vocational training in about 35 fields and 215 branches at 29 course centres in 15 districts.",
            "ar": "تدريب مهني مجاني في نحو 35 مجالاً و215 تخصصاً في 29 مركزاً في 15 منطقة.",
            "fa": "آموزش حرفه‌ای رایگان در حدود 35 رشته و 215 شاخه در 29 مرکز آموزشی در 15 منطقه.",
            "ru": "Бесплатное профессиональное обучение примерно по 35 направлениям и 215 специальностям в 29 центрах в 15 районах.",
            "uk": "Безкоштовне професійне навчання приблизно за 35 напрямами та 215 спеціальностями у 29 центрах у 15 районах.",
        },
        "description": {
            "tr": "Meslek Fabrikası ücretsiz mesleki eğitimler, sektör iş birlikleri ve istihdama yönlendirme çalışmalarıyla bütüncül bir sosyal üretim modelidir; özellikle kadınların ve gençlerin gelişimine katkı sağlar. İki yılda 985 kurs açılmış ve 18.952 kursiyer eğitim almıştır. Güzelbahçe ve Osmangazi kurs merkezleri 2024'te; Mobilya Akademi, Karabağlar Aydın ve Toros kurs merkezleri 2025'te açılmıştır.",
            "en": "The Vocational Factory is a social production model of free vocational training, partnerships with employers and job referrals, contributing above all to the development of women and young people. In two years 985 courses were opened and 18,952 trainees were trained. The Güzelbahçe and Osmangazi course centres opened in 2024; the Furniture Academy, Karabağlar Aydın and Toros course centres in 2025.",
        },
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "keywords": {
            "tr": "kurs meslek eğitim sertifika dikiş bilgisayar iş öğrenmek beceri",
            "en": "course vocational training certificate sewing computer skills learn a trade",
            "ar": "دورة تدريب مهني شهادة خياطة حاسوب تعلم مهنة مهارات",
            "fa": "دوره آموزش حرفه‌ای گواهی خیاطی کامپیوتر یادگیری مهارت",
            "ru": "курсы профессиональное обучение сертификат шитьё компьютер навыки профессия",
            "uk": "курси професійне навчання сертифікат шиття комп'ютер навички професія",
        },
        "attributes": [
            {
                "code": "field_of_interest",
                "datatype": "string",
                "required": False,
                "order": 1,
                "description": {
                    "tr": "Hangi alanda kurs almak istiyorsunuz?",
                    "en": "Which field would you like a course in?",
                },
            },
        ],
    },
    {
        "code": "mobile-employment",
        "group": "education",
        "order": 10,
        "channels": ["mobile"],
        "sla_days": 10,
        "source_file": S_WOMEN_CHILDREN,
        "source_note": "Mobile Employment Application Point (2025): CV writing and job application counselling.",
        "responsible_unit": UNIT_VOCATIONAL,
        "name": {
            "tr": "Mobil İstihdam Başvuru Noktası",
            "en": "Mobile Employment Application Point",
            "ar": "نقطة التوظيف المتنقلة",
            "fa": "ایستگاه سیار درخواست کار",
            "ru": "Мобильный пункт трудоустройства",
            "uk": "Мобільний пункт працевлаштування",
        },
        "summary": {
            "tr": "Özgeçmiş hazırlama ve iş başvurusu danışmanlığı; dijital istihdam platformuna kayıt.",
            "en": "Help writing a CV and applying for jobs; registration on the digital employment platform.",
            "ar": "مساعدة في كتابة السيرة الذاتية والتقدم للوظائف؛ التسجيل في منصة التوظيف الرقمية.",
            "fa": "کمک در نوشتن رزومه و درخواست کار؛ ثبت‌نام در سامانه دیجیتال اشتغال.",
            "ru": "Помощь в составлении резюме и поиске работы; регистрация на цифровой платформе занятости.",
            "uk": "Допомога зі складанням резюме та пошуком роботи; реєстрація на цифровій платформі зайнятості.",
        },
        "description": {
            "tr": "Meslek Fabrikası istihdam süreçlerini de takip eder. 2025'te hayata geçirilen Mobil İstihdam Başvuru Noktasında vatandaşlara özgeçmiş oluşturma ve iş başvurusu danışmanlığı verilir, dijital istihdam platformuna üyelik yapılır.",
            "en": "The Vocational Factory also follows up on employment. At the Mobile Employment Application Point, started in 2025, residents get help writing a CV and applying for jobs and are registered on the digital employment platform.",
        },
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "keywords": {
            "tr": "iş arıyorum işsiz istihdam özgeçmiş cv iş başvurusu çalışmak",
            "en": "job seeking unemployed employment cv resume job application work",
            "ar": "أبحث عن عمل عاطل توظيف سيرة ذاتية طلب عمل وظيفة",
            "fa": "دنبال کار بیکار اشتغال رزومه درخواست کار شغل",
            "ru": "ищу работу безработный трудоустройство резюме вакансия работа",
            "uk": "шукаю роботу безробітний працевлаштування резюме вакансія робота",
        },
        "attributes": [],
    },
    {
        "code": "mobile-library",
        "group": "culture",
        "order": 11,
        "channels": ["mobile"],
        "sla_days": 20,
        "source_file": S_CITTASLOW,
        "source_note": "Mobile Stage, Mobile Library: a different village every day, each village every 45 days, 20 villages a month.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Gezici Kütüphane",
            "en": "Mobile Library",
            "ar": "المكتبة المتنقلة",
            "fa": "کتابخانه سیار",
            "ru": "Передвижная библиотека",
            "uk": "Пересувна бібліотека",
        },
        "summary": {
            "tr": "Kitaba erişimin zor olduğu köylere, özellikle çocuklara kütüphane hizmeti; her gün başka bir köy.",
            "en": "Library service for villages where books are hard to reach, above all for children; a different village every day.",
            "ar": "خدمة مكتبة للقرى التي يصعب فيها الوصول إلى الكتب، خاصة للأطفال؛ قرية مختلفة كل يوم.",
            "fa": "خدمات کتابخانه برای روستاهایی که دسترسی به کتاب سخت است، به‌ویژه برای کودکان؛ هر روز یک روستا.",
            "ru": "Библиотека для сёл, где трудно достать книги, особенно для детей; каждый день новое село.",
            "uk": "Бібліотека для сіл, де важко дістати книжки, особливо для дітей; щодня нове село.",
        },
        "description": {
            "tr": "Gezici kütüphane, kitaba erişimin sınırlı olduğu bölgelerde özellikle çocuklara kütüphane hizmeti verir. Her gün farklı bir köye gider, aynı köyü 45 günde bir ziyaret ederek yeni kitaplar ulaştırır; ayda 20 köye uğrar. Aynı projede iki gezici sahne dış ilçelerde ve köylerde tiyatro ve konserler düzenler.",
            "en": "The mobile library brings library services to areas with limited access to books, above all to children. It goes to a different village every day and visits the same village once every 45 days with new books, reaching 20 villages a month. In the same project, two mobile stages bring plays and concerts to outer districts and villages.",
        },
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "keywords": {
            "tr": "kitap kütüphane köy okuma çocuk kitabı gezici sahne tiyatro",
            "en": "books library village reading children's books mobile stage theatre",
            "ar": "كتب مكتبة قرية قراءة كتب أطفال مسرح متنقل",
            "fa": "کتاب کتابخانه روستا مطالعه کتاب کودک تئاتر سیار",
            "ru": "книги библиотека село чтение детские книги театр",
            "uk": "книжки бібліотека село читання дитячі книжки театр",
        },
        "attributes": [
            {
                "code": "village",
                "datatype": "string",
                "required": True,
                "order": 1,
                "description": {
                    "tr": "Kütüphanenin gelmesini istediğiniz köy",
                    "en": "Village you would like the library to visit",
                },
            },
        ],
    },
    {
        "code": "empowerment-stops",
        "group": "women",
        "order": 12,
        "channels": ["mobile"],
        "sla_days": 15,
        "source_file": S_WOMEN_CHILDREN,
        "source_note": "Güçlenme Durakları: mobile hairdresser, free haircut, then information on women's health and rights; 330 women in 8 mahalle.",
        "responsible_unit": UNIT_MUNICIPALITY,
        "name": {
            "tr": "Güçlenme Durakları: mobil kuaför ve bilgilendirme",
            "en": "Empowerment Stops: mobile hairdresser and information for women",
            "ar": "محطات التمكين: مصفف شعر متنقل وتوعية للنساء",
            "fa": "ایستگاه‌های توانمندی: آرایشگاه سیار و اطلاع‌رسانی برای زنان",
            "ru": "Остановки расширения возможностей: мобильная парикмахерская и информация для женщин",
            "uk": "Зупинки розширення можливостей: мобільна перукарня та інформація для жінок",
        },
        "summary": {
            "tr": "Kadınlara mahallelerinde ücretsiz saç kesimi ve fön; ardından kadın sağlığı, kadın hakları, yasal haklar ve toplumsal cinsiyet eşitliği üzerine bilgilendirme.",
            "en": "Free haircut and blow-dry for women in their neighbourhood, followed by information on women's health, women's rights, legal rights and gender equality.",
            "ar": "قص شعر وتجفيف مجاني للنساء في أحيائهن، يليه توعية حول صحة المرأة وحقوقها والحقوق القانونية والمساواة بين الجنسين.",
            "fa": "کوتاهی و سشوار رایگان برای زنان در محله خودشان، سپس اطلاع‌رسانی درباره سلامت زنان، حقوق زنان، حقوق قانونی و برابری جنسیتی.",
            "ru": "Бесплатная стрижка и укладка для женщин в их районе, затем информация о женском здоровье, правах женщин, юридических правах и гендерном равенстве.",
            "uk": "Безкоштовна стрижка та укладка для жінок у їхньому районі, потім інформація про жіноче здоров'я, права жінок, юридичні права та гендерну рівність.",
        },
        "description": {
            "tr": "Kadınların sosyal destek ve güçlenme mekanizmalarına katılması amacıyla başlatılan Güçlenme Durakları projesinin mobil kuaför hizmeti kısa sürede sekiz mahallede 330 kadına ulaştı. Ücretsiz saç kesimi ve fön hizmeti alan kadınlar ardından uzman personelden kadın sağlığı, kadın hakları, yasal haklar ve toplumsal cinsiyet eşitliği konularında bilgi alır.",
            "en": "The mobile hairdressing service of the Empowerment Stops project, started to bring women into social support and empowerment, reached 330 women in eight neighbourhoods in a short time. Women who receive a free haircut and blow-dry then get information from specialist staff on women's health, women's rights, legal rights and gender equality.",
        },
        "eligibility": {"tr": "Kadınlar.", "en": "Women."},
        "fees": {"tr": "Ücretsiz.", "en": "Free of charge."},
        "keywords": {
            "tr": "kadın kuaför saç kesimi kadın sağlığı kadın hakları toplumsal cinsiyet",
            "en": "women hairdresser haircut women's health women's rights gender equality",
            "ar": "نساء مصففة شعر قص شعر صحة المرأة حقوق المرأة",
            "fa": "زنان آرایشگاه کوتاهی مو سلامت زنان حقوق زنان",
            "ru": "женщины парикмахер стрижка женское здоровье права женщин",
            "uk": "жінки перукар стрижка жіноче здоров'я права жінок",
        },
        "attributes": [],
    },
]

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "data" / "translations"


def translations_merge(
    services: list[dict[str, Any]], *, language: str, texts: dict[str, Any]
) -> None:
    """Put one language's translations (``{"services": {code: {field: text}}, "attributes":
    {code: {attribute: {"description": text, "values": {key: text}}}}}``) into ``services``.

    A translation of a text the entry does not have, or of a service or question that does
    not exist, is an error: it would otherwise be lost without a word.
    """
    by_code = {entry["code"]: entry for entry in services}
    for code, fields in texts.get("services", {}).items():
        entry = by_code.get(code)
        if entry is None:
            raise ValueError(f"{language}: no service {code!r}")
        for field, text in fields.items():
            if field not in entry:
                raise ValueError(f"{language}: service {code!r} has no {field!r} to translate")
            entry[field][language] = text
    for code, questions in texts.get("attributes", {}).items():
        if code not in by_code:
            raise ValueError(f"{language}: no service {code!r}")
        attributes = {a["code"]: a for a in by_code[code].get("attributes", [])}
        for attribute_code, parts in questions.items():
            attribute = attributes.get(attribute_code)
            if attribute is None:
                raise ValueError(f"{language}: service {code!r} has no question {attribute_code!r}")
            if "description" in parts:
                attribute["description"][language] = parts["description"]
            values = {v["key"]: v for v in attribute.get("values", [])}
            for key, name in parts.get("values", {}).items():
                if key not in values:
                    raise ValueError(
                        f"{language}: question {attribute_code!r} has no answer {key!r}"
                    )
                values[key]["names"][language] = name


for _file in sorted(TRANSLATIONS_DIR.glob("*.json")):
    translations_merge(
        SERVICES, language=_file.stem, texts=json.loads(_file.read_text(encoding="utf-8"))
    )
