/*
 * The helpline chat widget: vanilla JS, no build step.
 *
 *   <link rel="stylesheet" href="/widget.css">
 *   <script src="/widget.js" data-server="http://localhost:5005" defer></script>
 *
 * Optional attributes on the script tag:
 *   data-server      the Rasa server (socket.io on /socket.io); default: this page's origin
 *   data-target      CSS selector of an element to draw the chat into; default: a panel at the end of <body>
 *   data-exit-url    where Quick exit goes; default https://www.bbc.co.uk/weather (off this site, like
 *                    GOV.UK's "Exit this page"; bot/website.py sets it from HELPLINE_QUICK_EXIT_URL)
 *   data-exit-fallback  where it goes when the browser says it is offline; default: neutral.html next to widget.js
 *   data-transports  comma-separated socket.io transports; default "websocket,polling"
 *
 *   data-lang        the language to start in (e.g. "cy"); default: the browser's first supported language
 *
 * Speaks Rasa's socket.io protocol (connectors/website.py): session_request / session_confirm,
 * user_uttered / bot_uttered; each user_uttered carries customData.client_id (the message's id)
 * and the server answers message_received {client_id} once it has handled it, shown as
 * "Received" under the message (kept in sessionStorage like `sent`). History lives only in
 * sessionStorage (this tab), never in localStorage or cookies. Message text is always set with
 * textContent; links are built with DOM APIs.
 *
 * Languages: the widget's own words (Quick exit, the notice, the outage banner, labels) come
 * from domain/localized/widget.yml (copied below by `python -m bot.localized widget`). Before
 * the first reply they follow the browser's language; after it, the conversation's: a reply's
 * `metadata.lang` / `metadata.dir` when the channel sends them (domain/localized/*.yml), else
 * the language of a known localized reply (REPLY_LANGUAGES), else, for Arabic script, the
 * letters (Urdu and Persian have their own). Every message element has `lang`; phone numbers,
 * 999, e-mail addresses, URLs and HO- references are isolated left-to-right spans
 * (dir="ltr", unicode-bidi: isolate, nowrap), so the helpline number never reads backwards in
 * Arabic, Persian or Urdu.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL(".", script && script.src ? script.src : location.href);
  var SERVER = (script && script.getAttribute("data-server")) || location.origin;
  var TARGET = script && script.getAttribute("data-target");
  var EXIT_URL = (script && script.getAttribute("data-exit-url")) || "https://www.bbc.co.uk/weather";
  var EXIT_FALLBACK = (script && script.getAttribute("data-exit-fallback")) || new URL("neutral.html", base).href;
  var TRANSPORTS = ((script && script.getAttribute("data-transports")) || "websocket,polling")
    .split(",").map(function (t) { return t.trim(); }).filter(Boolean);
  var START_LANG = script && script.getAttribute("data-lang");
  var STORAGE_KEY = "helpline-chat";

  // BEGIN widget texts: generated from domain/localized/widget.yml and domain/contacts.yml by
  // `.venv/bin/python -m bot.localized widget`. Edit those files, not these lines.
  var CONTACTS = {"helpline_phone": "0808 800 5000", "helpline_email": "help@nspcc.org.uk"};
  var TEXTS = {
    "en": {"dir": "ltr", "text": {"title": "Chat with the helpline", "quick_exit": "Quick exit", "quick_exit_hint": " (leave this page now; or press Shift 3 times)", "notice_title": "Before you start", "notice_bot": "This chat is with an automated assistant. A counsellor (a person) can join if you ask.", "notice_emergency": "This is not an emergency service. If a child is in immediate danger, call 999.", "notice_contact": "To talk to someone now, call the helpline on {helpline_phone} or email {helpline_email}.", "notice_language": "", "notice_privacy": "What you type is stored on our server with your conversation so we can reply and improve the service. Please don't include a child's full name or address unless a counsellor asks.", "notice_browser": "This browser keeps the conversation only until you close this tab. Use {quick_exit} to leave and clear it.", "notice_accept": "I understand", "banner": "We're having trouble connecting. If a child is in danger call 999. You can also call {helpline_phone}.", "log_label": "Conversation", "quick_label": "Common questions", "form_label": "Send a message", "input_label": "Your message", "send": "Send", "typing": "The assistant is typing…", "who_bot": "Assistant (automated)", "who_user": "You", "who_counsellor": "Counsellor {name} (a person)", "pending": "Not sent yet: it will be sent when we reconnect.", "received": "Received", "status_counsellor": "You're now talking to a counsellor (a person).", "status_counsellor_named": "You're now talking to {name}, a counsellor (a person).", "status_bot": "The counsellor has left. You're talking to the automated assistant again."}},
    "cy": {"dir": "ltr", "text": {"title": "Sgwrsio â'r llinell gymorth", "quick_exit": "Gadael yn gyflym", "quick_exit_hint": " (gadael y dudalen hon nawr; neu pwyswch Shift 3 gwaith)", "notice_title": "Cyn i chi ddechrau", "notice_bot": "Cynorthwyydd awtomatig sydd yn y sgwrs hon. Gall cwnselydd (person go iawn) ymuno os gofynnwch chi.", "notice_emergency": "Nid gwasanaeth brys yw hwn. Os yw plentyn mewn perygl uniongyrchol, ffoniwch 999.", "notice_contact": "I siarad â rhywun nawr, ffoniwch y llinell gymorth ar {helpline_phone} neu anfonwch e-bost at {helpline_email}.", "notice_language": "Dim ond yn Saesneg y mae'r cynorthwyydd yn ateb cwestiynau manwl. Gall cwnselydd drefnu cyfieithydd cymwys.", "notice_privacy": "Caiff yr hyn rydych chi'n ei deipio ei gadw ar ein gweinydd gyda'ch sgwrs er mwyn i ni allu ateb a gwella'r gwasanaeth. Peidiwch â rhoi enw llawn na chyfeiriad plentyn oni bai bod cwnselydd yn gofyn.", "notice_browser": "Dim ond nes i chi gau'r tab hwn y mae'r porwr yn cadw'r sgwrs. Defnyddiwch {quick_exit} i adael a'i chlirio.", "notice_accept": "Rwy'n deall", "banner": "Rydym yn cael trafferth cysylltu. Os yw plentyn mewn perygl, ffoniwch 999. Gallwch hefyd ffonio {helpline_phone}.", "log_label": "Sgwrs", "quick_label": "Cwestiynau cyffredin (yn Saesneg)", "form_label": "Anfon neges", "input_label": "Eich neges", "send": "Anfon", "typing": "Mae'r cynorthwyydd yn teipio…", "who_bot": "Cynorthwyydd (awtomatig)", "who_user": "Chi", "who_counsellor": "Cwnselydd {name} (person go iawn)", "pending": "Heb ei anfon eto: caiff ei anfon pan fyddwn yn ailgysylltu.", "received": "Wedi'i dderbyn", "status_counsellor": "Rydych chi nawr yn siarad â chwnselydd (person go iawn).", "status_counsellor_named": "Rydych chi nawr yn siarad â {name}, cwnselydd (person go iawn).", "status_bot": "Mae'r cwnselydd wedi gadael. Rydych chi'n siarad â'r cynorthwyydd awtomatig eto."}},
    "ro": {"dir": "ltr", "text": {"title": "Discutați cu linia de ajutor", "quick_exit": "Ieșire rapidă", "quick_exit_hint": " (părăsiți imediat această pagină; sau apăsați de 3 ori Shift)", "notice_title": "Înainte de a începe", "notice_bot": "Această conversație are loc cu un asistent automat. Un consilier (o persoană reală) se poate alătura dacă cereți.", "notice_emergency": "Acesta nu este un serviciu de urgență. Dacă un copil este în pericol imediat, sunați la 999.", "notice_contact": "Pentru a vorbi acum cu cineva, sunați la linia de ajutor la {helpline_phone} sau scrieți un e-mail la {helpline_email}.", "notice_language": "Asistentul răspunde la întrebări detaliate doar în limba engleză. Un consilier vă poate asigura un interpret calificat.", "notice_privacy": "Ceea ce scrieți este păstrat pe serverul nostru împreună cu conversația, ca să vă putem răspunde și să îmbunătățim serviciul. Vă rugăm să nu scrieți numele complet sau adresa unui copil decât dacă un consilier vă cere.", "notice_browser": "Acest browser păstrează conversația doar până închideți această filă. Folosiți {quick_exit} pentru a pleca și a o șterge.", "notice_accept": "Am înțeles", "banner": "Avem probleme de conexiune. Dacă un copil este în pericol, sunați la 999. Puteți suna și la {helpline_phone}.", "log_label": "Conversație", "quick_label": "Întrebări frecvente (în engleză)", "form_label": "Trimiteți un mesaj", "input_label": "Mesajul dumneavoastră", "send": "Trimiteți", "typing": "Asistentul scrie…", "who_bot": "Asistent (automat)", "who_user": "Dumneavoastră", "who_counsellor": "Consilier {name} (o persoană reală)", "pending": "Netrimis încă: va fi trimis când se reface conexiunea.", "received": "Primit", "status_counsellor": "Acum vorbiți cu un consilier (o persoană reală).", "status_counsellor_named": "Acum vorbiți cu {name}, un consilier (o persoană reală).", "status_bot": "Consilierul a părăsit conversația. Vorbiți din nou cu asistentul automat."}},
    "vi": {"dir": "ltr", "text": {"title": "Trò chuyện với đường dây trợ giúp", "quick_exit": "Thoát nhanh", "quick_exit_hint": " (rời trang này ngay; hoặc nhấn phím Shift 3 lần)", "notice_title": "Trước khi bắt đầu", "notice_bot": "Bạn đang trò chuyện với một trợ lý tự động. Một tư vấn viên (người thật) có thể tham gia nếu bạn yêu cầu.", "notice_emergency": "Đây không phải là dịch vụ khẩn cấp. Nếu có trẻ em đang gặp nguy hiểm ngay trước mắt, hãy gọi 999.", "notice_contact": "Để nói chuyện với ai đó ngay bây giờ, hãy gọi đường dây trợ giúp theo số {helpline_phone} hoặc gửi email tới {helpline_email}.", "notice_language": "Trợ lý chỉ trả lời các câu hỏi chi tiết bằng tiếng Anh. Tư vấn viên có thể sắp xếp một phiên dịch viên có chuyên môn.", "notice_privacy": "Những gì bạn nhập sẽ được lưu trên máy chủ của chúng tôi cùng với cuộc trò chuyện để chúng tôi có thể trả lời và cải thiện dịch vụ. Vui lòng không ghi họ tên đầy đủ hoặc địa chỉ của trẻ trừ khi tư vấn viên yêu cầu.", "notice_browser": "Trình duyệt này chỉ lưu cuộc trò chuyện cho đến khi bạn đóng thẻ này. Hãy dùng nút {quick_exit} để rời đi và xóa cuộc trò chuyện.", "notice_accept": "Tôi đã hiểu", "banner": "Chúng tôi đang gặp sự cố kết nối. Nếu có trẻ em đang gặp nguy hiểm, hãy gọi 999. Bạn cũng có thể gọi {helpline_phone}.", "log_label": "Cuộc trò chuyện", "quick_label": "Câu hỏi thường gặp (bằng tiếng Anh)", "form_label": "Gửi tin nhắn", "input_label": "Tin nhắn của bạn", "send": "Gửi", "typing": "Trợ lý đang soạn tin…", "who_bot": "Trợ lý (tự động)", "who_user": "Bạn", "who_counsellor": "Tư vấn viên {name} (người thật)", "pending": "Chưa gửi: tin nhắn sẽ được gửi khi kết nối lại.", "received": "Đã nhận", "status_counsellor": "Bây giờ bạn đang nói chuyện với một tư vấn viên (người thật).", "status_counsellor_named": "Bây giờ bạn đang nói chuyện với {name}, một tư vấn viên (người thật).", "status_bot": "Tư vấn viên đã rời cuộc trò chuyện. Bạn đang nói chuyện lại với trợ lý tự động."}},
    "sq": {"dir": "ltr", "text": {"title": "Bisedoni me linjën e ndihmës", "quick_exit": "Dalje e shpejtë", "quick_exit_hint": " (largohuni nga kjo faqe tani; ose shtypni Shift 3 herë)", "notice_title": "Para se të filloni", "notice_bot": "Kjo bisedë është me një asistent automatik. Një këshillues (një person i vërtetë) mund të bashkohet nëse e kërkoni.", "notice_emergency": "Ky nuk është shërbim urgjence. Nëse një fëmijë është në rrezik të menjëhershëm, telefononi 999.", "notice_contact": "Për të folur me dikë tani, telefononi linjën e ndihmës në {helpline_phone} ose dërgoni email në {helpline_email}.", "notice_language": "Asistenti u përgjigjet pyetjeve të hollësishme vetëm në anglisht. Një këshillues mund t'ju sigurojë një përkthyes të kualifikuar.", "notice_privacy": "Ajo që shkruani ruhet në serverin tonë bashkë me bisedën, që të mund t'ju përgjigjemi dhe ta përmirësojmë shërbimin. Ju lutemi mos shkruani emrin e plotë ose adresën e një fëmije, përveç nëse jua kërkon një këshillues.", "notice_browser": "Ky shfletues e ruan bisedën vetëm derisa ta mbyllni këtë skedë. Përdorni {quick_exit} për t'u larguar dhe për ta fshirë.", "notice_accept": "E kuptoj", "banner": "Kemi probleme me lidhjen. Nëse një fëmijë është në rrezik, telefononi 999. Mund të telefononi edhe {helpline_phone}.", "log_label": "Biseda", "quick_label": "Pyetje të shpeshta (në anglisht)", "form_label": "Dërgoni një mesazh", "input_label": "Mesazhi juaj", "send": "Dërgo", "typing": "Asistenti po shkruan…", "who_bot": "Asistent (automatik)", "who_user": "Ju", "who_counsellor": "Këshillues {name} (person i vërtetë)", "pending": "Ende i padërguar: do të dërgohet kur të rilidhemi.", "received": "U mor", "status_counsellor": "Tani po flisni me një këshillues (person i vërtetë).", "status_counsellor_named": "Tani po flisni me {name}, një këshillues (person i vërtetë).", "status_bot": "Këshilluesi u largua. Po flisni përsëri me asistentin automatik."}},
    "pl": {"dir": "ltr", "text": {"title": "Czat z infolinią", "quick_exit": "Szybkie wyjście", "quick_exit_hint": " (natychmiast opuść tę stronę; lub naciśnij 3 razy Shift)", "notice_title": "Zanim rozpoczniemy", "notice_bot": "Ten czat prowadzi automatyczny asystent. Na prośbę może dołączyć konsultant (prawdziwa osoba).", "notice_emergency": "To nie jest służba ratunkowa. Jeśli dziecko jest w bezpośrednim niebezpieczeństwie, proszę zadzwonić pod numer 999.", "notice_contact": "Aby porozmawiać z kimś teraz, proszę zadzwonić na infolinię pod numer {helpline_phone} lub napisać e-mail na adres {helpline_email}.", "notice_language": "Asystent odpowiada na szczegółowe pytania tylko po angielsku. Konsultant może zorganizować pomoc wykwalifikowanego tłumacza.", "notice_privacy": "Wpisywane wiadomości są przechowywane na naszym serwerze razem z rozmową, abyśmy mogli odpowiedzieć i ulepszać usługę. Proszę nie podawać imienia i nazwiska ani adresu dziecka, chyba że poprosi o to konsultant.", "notice_browser": "Przeglądarka przechowuje rozmowę tylko do zamknięcia tej karty. Przycisk {quick_exit} pozwala wyjść i ją wyczyścić.", "notice_accept": "Rozumiem", "banner": "Mamy problem z połączeniem. Jeśli dziecko jest w niebezpieczeństwie, proszę zadzwonić pod numer 999. Można też zadzwonić pod numer {helpline_phone}.", "log_label": "Rozmowa", "quick_label": "Częste pytania (po angielsku)", "form_label": "Wyślij wiadomość", "input_label": "Wiadomość", "send": "Wyślij", "typing": "Asystent pisze…", "who_bot": "Asystent (automatyczny)", "who_user": "Ty", "who_counsellor": "Konsultant {name} (prawdziwa osoba)", "pending": "Jeszcze niewysłane: zostanie wysłane po przywróceniu połączenia.", "received": "Otrzymano", "status_counsellor": "Teraz rozmawiasz z konsultantem (prawdziwą osobą).", "status_counsellor_named": "Teraz rozmawiasz z konsultantem: {name} (prawdziwa osoba).", "status_bot": "Konsultant opuścił rozmowę. Ponownie rozmawiasz z automatycznym asystentem."}},
    "ar": {"dir": "rtl", "text": {"title": "تحدّث مع خط المساعدة", "quick_exit": "خروج سريع", "quick_exit_hint": " (غادر هذه الصفحة الآن؛ أو اضغط على مفتاح Shift ثلاث مرات)", "notice_title": "قبل أن تبدأ", "notice_bot": "هذه المحادثة مع مساعد آلي. يمكن لمستشار (شخص حقيقي) أن ينضم إذا طلبت ذلك.", "notice_emergency": "هذه ليست خدمة طوارئ. إذا كان هناك طفل في خطر فوري، فاتصل بالرقم 999.", "notice_contact": "للتحدث مع شخص الآن، اتصل بخط المساعدة على الرقم {helpline_phone} أو أرسل بريدًا إلكترونيًا إلى {helpline_email}.", "notice_language": "لا يجيب المساعد عن الأسئلة التفصيلية إلا باللغة الإنجليزية. يمكن للمستشار أن يرتّب لك مترجمًا فوريًا مؤهلًا.", "notice_privacy": "يُحفظ ما تكتبه على خادمنا مع محادثتك حتى نتمكن من الرد عليك وتحسين الخدمة. يُرجى عدم كتابة الاسم الكامل لطفل أو عنوانه ما لم يطلب ذلك مستشار.", "notice_browser": "يحتفظ هذا المتصفح بالمحادثة فقط حتى تغلق هذه النافذة. استخدم زر {quick_exit} للمغادرة ومسح المحادثة.", "notice_accept": "فهمت", "banner": "نواجه مشكلة في الاتصال. إذا كان هناك طفل في خطر، فاتصل بالرقم 999. يمكنك أيضًا الاتصال بالرقم {helpline_phone}.", "log_label": "المحادثة", "quick_label": "أسئلة شائعة (بالإنجليزية)", "form_label": "أرسل رسالة", "input_label": "رسالتك", "send": "إرسال", "typing": "المساعد يكتب…", "who_bot": "المساعد (آلي)", "who_user": "أنت", "who_counsellor": "المستشار {name} (شخص حقيقي)", "pending": "لم تُرسل بعد: سيتم إرسالها عند عودة الاتصال.", "received": "تم الاستلام", "status_counsellor": "أنت الآن تتحدث مع مستشار (شخص حقيقي).", "status_counsellor_named": "أنت الآن تتحدث مع المستشار {name} (شخص حقيقي).", "status_bot": "غادر المستشار المحادثة. أنت تتحدث مع المساعد الآلي مرة أخرى."}},
    "fa": {"dir": "rtl", "text": {"title": "گفتگو با خط کمک‌رسانی", "quick_exit": "خروج سریع", "quick_exit_hint": " (همین حالا از این صفحه خارج شوید؛ یا سه بار کلید Shift را بزنید)", "notice_title": "پیش از شروع", "notice_bot": "این گفتگو با یک دستیار خودکار است. اگر بخواهید، یک مشاور (یک انسان) می‌تواند به گفتگو بپیوندد.", "notice_emergency": "این یک خدمت اضطراری نیست. اگر کودکی در خطر فوری است، با 999 تماس بگیرید.", "notice_contact": "برای صحبت با یک نفر همین حالا، با خط کمک‌رسانی به شماره {helpline_phone} تماس بگیرید یا به {helpline_email} ایمیل بزنید.", "notice_language": "دستیار فقط به پرسش‌های مفصل به زبان انگلیسی پاسخ می‌دهد. مشاور می‌تواند یک مترجم شفاهی واجد شرایط برایتان هماهنگ کند.", "notice_privacy": "آنچه می‌نویسید همراه با گفتگوی شما روی سرور ما نگهداری می‌شود تا بتوانیم پاسخ بدهیم و خدمات را بهتر کنیم. لطفاً نام کامل یا نشانی کودک را ننویسید، مگر اینکه مشاور از شما بخواهد.", "notice_browser": "این مرورگر گفتگو را فقط تا زمانی که این زبانه را ببندید نگه می‌دارد. برای خروج و پاک کردن آن از دکمه {quick_exit} استفاده کنید.", "notice_accept": "متوجه شدم", "banner": "در برقراری ارتباط مشکل داریم. اگر کودکی در خطر است، با 999 تماس بگیرید. همچنین می‌توانید با {helpline_phone} تماس بگیرید.", "log_label": "گفتگو", "quick_label": "پرسش‌های رایج (به انگلیسی)", "form_label": "ارسال پیام", "input_label": "پیام شما", "send": "ارسال", "typing": "دستیار در حال نوشتن است…", "who_bot": "دستیار (خودکار)", "who_user": "شما", "who_counsellor": "مشاور {name} (یک انسان)", "pending": "هنوز ارسال نشده است: وقتی ارتباط برقرار شود ارسال می‌شود.", "received": "دریافت شد", "status_counsellor": "اکنون با یک مشاور (یک انسان) صحبت می‌کنید.", "status_counsellor_named": "اکنون با {name}، یک مشاور (یک انسان)، صحبت می‌کنید.", "status_bot": "مشاور گفتگو را ترک کرد. دوباره با دستیار خودکار صحبت می‌کنید."}},
    "ur": {"dir": "rtl", "text": {"title": "ہیلپ لائن سے چیٹ کریں", "quick_exit": "فوری باہر نکلیں", "quick_exit_hint": " (ابھی یہ صفحہ چھوڑ دیں؛ یا Shift کا بٹن 3 بار دبائیں)", "notice_title": "شروع کرنے سے پہلے", "notice_bot": "یہ چیٹ ایک خودکار معاون کے ساتھ ہے۔ اگر آپ کہیں تو ایک کونسلر (ایک حقیقی شخص) شامل ہو سکتا ہے۔", "notice_emergency": "یہ ہنگامی سروس نہیں ہے۔ اگر کوئی بچہ فوری خطرے میں ہے تو 999 پر کال کریں۔", "notice_contact": "ابھی کسی سے بات کرنے کے لیے ہیلپ لائن کو {helpline_phone} پر کال کریں یا {helpline_email} پر ای میل کریں۔", "notice_language": "معاون تفصیلی سوالات کے جواب صرف انگریزی میں دیتا ہے۔ کونسلر ایک مستند ترجمان کا انتظام کر سکتا ہے۔", "notice_privacy": "آپ جو کچھ لکھتے ہیں وہ آپ کی گفتگو کے ساتھ ہمارے سرور پر محفوظ کیا جاتا ہے تاکہ ہم جواب دے سکیں اور سروس بہتر بنا سکیں۔ براہِ کرم کسی بچے کا پورا نام یا پتہ نہ لکھیں، جب تک کونسلر نہ پوچھے۔", "notice_browser": "یہ براؤزر گفتگو کو صرف اس وقت تک رکھتا ہے جب تک آپ یہ ٹیب بند نہ کریں۔ باہر نکلنے اور اسے مٹانے کے لیے {quick_exit} کا بٹن استعمال کریں۔", "notice_accept": "سمجھ آ گئی", "banner": "ہمیں رابطہ قائم کرنے میں مشکل ہو رہی ہے۔ اگر کوئی بچہ خطرے میں ہے تو 999 پر کال کریں۔ آپ {helpline_phone} پر بھی کال کر سکتے ہیں۔", "log_label": "گفتگو", "quick_label": "عام سوالات (انگریزی میں)", "form_label": "پیغام بھیجیں", "input_label": "آپ کا پیغام", "send": "بھیجیں", "typing": "معاون لکھ رہا ہے…", "who_bot": "معاون (خودکار)", "who_user": "آپ", "who_counsellor": "کونسلر {name} (حقیقی شخص)", "pending": "ابھی نہیں بھیجا گیا: رابطہ بحال ہوتے ہی بھیج دیا جائے گا۔", "received": "موصول ہو گیا", "status_counsellor": "اب آپ ایک کونسلر (حقیقی شخص) سے بات کر رہے ہیں۔", "status_counsellor_named": "اب آپ کونسلر {name} (حقیقی شخص) سے بات کر رہے ہیں۔", "status_bot": "کونسلر چلا گیا ہے۔ اب آپ دوبارہ خودکار معاون سے بات کر رہے ہیں۔"}},
    "so": {"dir": "ltr", "text": {"title": "La sheekayso khadka caawimaadda", "quick_exit": "Ka bax degdeg", "quick_exit_hint": " (hadda ka bax boggan; ama riix Shift 3 jeer)", "notice_title": "Ka hor intaadan bilaabin", "notice_bot": "Wadahadalkan waxaad la leedahay kaaliye otomaatig ah. Lataliye (qof dhab ah) ayaa ku soo biiri kara haddii aad codsato.", "notice_emergency": "Kani maaha adeeg gurmad degdeg ah. Haddii ilmo uu khatar degdeg ah ku jiro, wac 999.", "notice_contact": "Si aad hadda qof ula hadasho, wac khadka caawimaadda {helpline_phone} ama iimayl u dir {helpline_email}.", "notice_language": "Kaaliyuhu su'aalaha faahfaahsan wuxuu kaga jawaabaa oo keliya af Ingiriis. Lataliye ayaa kuu diyaarin kara turjumaan xirfad leh.", "notice_privacy": "Waxa aad qorto waxaa lagu kaydiyaa server-kayaga iyadoo la socota wadahadalkaaga si aan kuugu jawaabno oo aan adeegga u hagaajinno. Fadlan ha qorin magaca buuxa ama cinwaanka ilmo ilaa lataliye kaa codsado mooyaane.", "notice_browser": "Browser-kan wuxuu hayaa wadahadalka oo keliya ilaa aad xirto tab-kan. Isticmaal {quick_exit} si aad uga baxdo oo aad u tirtirto.", "notice_accept": "Waan fahmay", "banner": "Waxaan la kulannay dhibaato xagga isku xirka ah. Haddii ilmo khatar ku jiro, wac 999. Waxaad sidoo kale wici kartaa {helpline_phone}.", "log_label": "Wadahadalka", "quick_label": "Su'aalaha caadiga ah (af Ingiriis)", "form_label": "Dir fariin", "input_label": "Fariintaada", "send": "Dir", "typing": "Kaaliyuhu wuu qorayaa…", "who_bot": "Kaaliye (otomaatig)", "who_user": "Adiga", "who_counsellor": "Lataliye {name} (qof dhab ah)", "pending": "Weli lama dirin: waa la diri doonaa marka isku xirku soo laabto.", "received": "Waa la helay", "status_counsellor": "Hadda waxaad la hadlaysaa lataliye (qof dhab ah).", "status_counsellor_named": "Hadda waxaad la hadlaysaa {name}, oo ah lataliye (qof dhab ah).", "status_bot": "Lataliyihii wuu baxay. Mar kale waxaad la hadlaysaa kaaliyaha otomaatigga ah."}},
    "es": {"dir": "ltr", "text": {"title": "Chatee con la línea de ayuda", "quick_exit": "Salida rápida", "quick_exit_hint": " (salir de esta página ahora; o pulse Shift 3 veces)", "notice_title": "Antes de empezar", "notice_bot": "Este chat es con un asistente automático. Un consejero (una persona) puede unirse si lo pide.", "notice_emergency": "Este no es un servicio de emergencias. Si un menor está en peligro inmediato, llame al 999.", "notice_contact": "Para hablar ahora con alguien, llame a la línea de ayuda al {helpline_phone} o escriba a {helpline_email}.", "notice_language": "El asistente solo responde preguntas detalladas en inglés. Un consejero puede conseguirle un intérprete cualificado.", "notice_privacy": "Lo que escriba se guarda en nuestro servidor junto con su conversación para poder responderle y mejorar el servicio. No incluya el nombre completo ni la dirección de un menor salvo que un consejero se lo pida.", "notice_browser": "Este navegador guarda la conversación solo hasta que cierre esta pestaña. Use {quick_exit} para salir y borrarla.", "notice_accept": "Entendido", "banner": "Tenemos problemas de conexión. Si un menor está en peligro, llame al 999. También puede llamar al {helpline_phone}.", "log_label": "Conversación", "quick_label": "Preguntas frecuentes (en inglés)", "form_label": "Enviar un mensaje", "input_label": "Su mensaje", "send": "Enviar", "typing": "El asistente está escribiendo…", "who_bot": "Asistente (automático)", "who_user": "Usted", "who_counsellor": "Consejero {name} (una persona)", "pending": "Aún no enviado: se enviará cuando se recupere la conexión.", "received": "Recibido", "status_counsellor": "Ahora está hablando con un consejero (una persona).", "status_counsellor_named": "Ahora está hablando con {name}, un consejero (una persona).", "status_bot": "El consejero se ha ido. Vuelve a hablar con el asistente automático."}},
    "fr": {"dir": "ltr", "text": {"title": "Discuter avec la ligne d'assistance", "quick_exit": "Sortie rapide", "quick_exit_hint": " (quitter cette page maintenant ; ou appuyez 3 fois sur Maj)", "notice_title": "Avant de commencer", "notice_bot": "Cette conversation se fait avec un assistant automatique. Un conseiller (une personne) peut vous rejoindre si vous le demandez.", "notice_emergency": "Ce n'est pas un service d'urgence. Si un enfant est en danger immédiat, appelez le 999.", "notice_contact": "Pour parler à quelqu'un maintenant, appelez la ligne d'assistance au {helpline_phone} ou écrivez à {helpline_email}.", "notice_language": "L'assistant ne répond aux questions détaillées qu'en anglais. Un conseiller peut faire appel à un interprète qualifié.", "notice_privacy": "Ce que vous écrivez est enregistré sur notre serveur avec votre conversation, pour que nous puissions vous répondre et améliorer le service. N'indiquez pas le nom complet ni l'adresse d'un enfant, sauf si un conseiller vous le demande.", "notice_browser": "Ce navigateur ne garde la conversation que jusqu'à la fermeture de cet onglet. Utilisez {quick_exit} pour partir et l'effacer.", "notice_accept": "J'ai compris", "banner": "Nous avons un problème de connexion. Si un enfant est en danger, appelez le 999. Vous pouvez aussi appeler le {helpline_phone}.", "log_label": "Conversation", "quick_label": "Questions fréquentes (en anglais)", "form_label": "Envoyer un message", "input_label": "Votre message", "send": "Envoyer", "typing": "L'assistant écrit…", "who_bot": "Assistant (automatique)", "who_user": "Vous", "who_counsellor": "Conseiller {name} (une personne)", "pending": "Pas encore envoyé : il le sera dès que la connexion reviendra.", "received": "Reçu", "status_counsellor": "Vous parlez maintenant à un conseiller (une personne).", "status_counsellor_named": "Vous parlez maintenant à {name}, conseiller (une personne).", "status_bot": "Le conseiller est parti. Vous parlez de nouveau à l'assistant automatique."}},
    "pt": {"dir": "ltr", "text": {"title": "Converse com a linha de apoio", "quick_exit": "Saída rápida", "quick_exit_hint": " (sair desta página agora; ou prima Shift 3 vezes)", "notice_title": "Antes de começar", "notice_bot": "Esta conversa é com um assistente automático. Um conselheiro (uma pessoa) pode juntar-se se pedir.", "notice_emergency": "Este não é um serviço de emergência. Se uma criança estiver em perigo imediato, ligue para o 999.", "notice_contact": "Para falar já com alguém, ligue para a linha de apoio através do {helpline_phone} ou envie um e-mail para {helpline_email}.", "notice_language": "O assistente só responde a perguntas detalhadas em inglês. Um conselheiro pode providenciar um intérprete qualificado.", "notice_privacy": "O que escrever fica guardado no nosso servidor com a sua conversa, para podermos responder e melhorar o serviço. Não inclua o nome completo nem a morada de uma criança, a não ser que um conselheiro o peça.", "notice_browser": "Este navegador só guarda a conversa até fechar este separador. Use {quick_exit} para sair e apagá-la.", "notice_accept": "Compreendo", "banner": "Estamos com problemas de ligação. Se uma criança estiver em perigo, ligue para o 999. Também pode ligar para o {helpline_phone}.", "log_label": "Conversa", "quick_label": "Perguntas frequentes (em inglês)", "form_label": "Enviar uma mensagem", "input_label": "A sua mensagem", "send": "Enviar", "typing": "O assistente está a escrever…", "who_bot": "Assistente (automático)", "who_user": "Você", "who_counsellor": "Conselheiro {name} (uma pessoa)", "pending": "Ainda não enviada: será enviada quando a ligação voltar.", "received": "Recebido", "status_counsellor": "Está agora a falar com um conselheiro (uma pessoa).", "status_counsellor_named": "Está agora a falar com {name}, conselheiro (uma pessoa).", "status_bot": "O conselheiro saiu. Está novamente a falar com o assistente automático."}}
  };
  // How each localized reply starts -> its language, for a channel that does not send metadata.lang.
  var REPLY_LANGUAGES = [
    ["Acrescentei isto ao seu caso (", "pt"],
    ["Adaa mudan. Ma jiraa wax kale oo", "so"],
    ["Ahora mismo no hay ningún consej", "es"],
    ["Am adăugat acest mesaj la cazul ", "ro"],
    ["Am marcat cazul dumneavoastră (", "ro"],
    ["Am înțeles. Am închis cazul și n", "ro"],
    ["Aucun conseiller n'est en ligne ", "fr"],
    ["Bine, nu mai am întrebări. Ce mi", "ro"],
    ["Bine. Ce ați dori să aflați? Dac", "ro"],
    ["Bonjour. Je suis l'assistant aut", "fr"],
    ["Bună ziua. Sunt asistentul autom", "ro"],
    ["Bạn có muốn tôi chuyển cuộc trò ", "vi"],
    ["Bạn cũng có thể gọi ", "vi"],
    ["Bạn đang ở vị trí số ", "vi"],
    ["Cela ressemble à une urgence : a", "fr"],
    ["Compris. J'ai clôturé le dossier", "fr"],
    ["Consilierul a închis această con", "ro"],
    ["Croeso. Oes unrhyw beth arall y ", "cy"],
    ["Cu plăcere. Vă mai pot ajuta cu ", "ro"],
    ["Czy przekazać tę rozmowę konsult", "pl"],
    ["Cảm ơn bạn đã liên hệ. Nếu sau n", "vi"],
    ["Cảm ơn bạn. Mọi điều bạn đã kể v", "vi"],
    ["Cảm ơn bạn. Tôi đã chuyển cuộc t", "vi"],
    ["D'accord, plus de questions. Ce ", "fr"],
    ["D'accord. Que souhaitez-vous sav", "fr"],
    ["Dacă un copil este în pericol im", "ro"],
    ["De acuerdo, no haré más pregunta", "es"],
    ["De acuerdo. ¿Qué le gustaría sab", "es"],
    ["De asemenea, puteți să sunați la", "ro"],
    ["De nada. Há mais alguma coisa em", "pt"],
    ["De nada. ¿Puedo ayudarle en algo", "es"],
    ["Dim ond yn Saesneg y gallaf ateb", "cy"],
    ["Diolch am gysylltu. Os ydych chi", "cy"],
    ["Diolch. Mae popeth a ddywedoch w", "cy"],
    ["Diolch. Rwyf wedi trosglwyddo hy", "cy"],
    ["Dobrze, nie będzie już więcej py", "pl"],
    ["Dobrze. Co mogę wyjaśnić? Jeśli ", "pl"],
    ["Doeddwn i ddim yn gallu trosglwy", "cy"],
    ["Does dim cwnselydd ar-lein ar hy", "cy"],
    ["Doriți să transmit această conve", "ro"],
    ["Dydw i ddim yn siŵr fy mod wedi ", "cy"],
    ["Dydw i ddim yn siŵr y gallaf ate", "cy"],
    ["Dzień dobry. Jestem automatyczny", "pl"],
    ["Dziękuję za kontakt. Jeśli w prz", "pl"],
    ["Dziękuję. Rozmowa została przeka", "pl"],
    ["Dziękuję. Wszystkie przekazane m", "pl"],
    ["Dëshironi që ta kaloj këtë bised", "sq"],
    ["E kuptoj. E mbylla rastin dhe nu", "sq"],
    ["E shtova këtë në rastin tuaj (", "sq"],
    ["E shënova rastin tuaj (", "sq"],
    ["El consejero ha cerrado esta con", "es"],
    ["Entendido. Encerrei o caso e ele", "pt"],
    ["Entendido. He cerrado el caso y ", "es"],
    ["Está bem, não faço mais pergunta", "pt"],
    ["Está bem. O que gostaria de sabe", "pt"],
    ["Faleminderit që na kontaktuat. N", "sq"],
    ["Faleminderit. E kam kaluar këtë ", "sq"],
    ["Faleminderit. Gjithçka që më tha", "sq"],
    ["Gallwch hefyd ffonio ", "cy"],
    ["Gostaria que eu encaminhasse est", "pt"],
    ["Gracias por ponerse en contacto ", "es"],
    ["Gracias. He pasado esta conversa", "es"],
    ["Gracias. Todo lo que me ha conta", "es"],
    ["Hadda ma jiro lataliye khadka ku", "so"],
    ["Haddii ilmo uu khatar degdeg ah ", "so"],
    ["Hagaag, su'aalo kale ma jiraan. ", "so"],
    ["Hagaag. Maxaad jeclaan lahayd in", "so"],
    ["He añadido esto a su caso (", "es"],
    ["He marcado su caso (", "es"],
    ["Hello. I'm the helpline's automa", "en"],
    ["Helo. Fi yw cynorthwyydd awtomat", "cy"],
    ["Hiện không có tư vấn viên nào tr", "vi"],
    ["Hoffech chi i mi drosglwyddo'r s", "cy"],
    ["Hola. Soy el asistente automátic", "es"],
    ["I can only answer detailed quest", "en"],
    ["I couldn't pass this on automati", "en"],
    ["I'm not sure I can answer that c", "en"],
    ["I'm not sure I understood. Could", "en"],
    ["I'm not sure I understood. Did y", "en"],
    ["I've added this to your case (", "en"],
    ["I've marked your case (", "en"],
    ["Iawn, dim mwy o gwestiynau. Mae'", "cy"],
    ["Iawn. Beth hoffech chi ei wybod?", "cy"],
    ["If a child is in immediate dange", "en"],
    ["Isto parece uma emergência: ligu", "pt"],
    ["J'ai ajouté ceci à votre dossier", "fr"],
    ["J'ai signalé votre dossier (", "fr"],
    ["Je n'ai pas pu transmettre ceci ", "fr"],
    ["Je ne peux répondre aux question", "fr"],
    ["Je ne suis pas sûr d'avoir bien ", "fr"],
    ["Je ne suis pas sûr d'avoir compr", "fr"],
    ["Je ne suis pas sûr de pouvoir ré", "fr"],
    ["Je vous en prie. Puis-je vous ai", "fr"],
    ["Jeśli dziecko jest w bezpośredni", "pl"],
    ["Không có gì. Tôi có thể giúp gì ", "vi"],
    ["Kjo duket si një emergjencë: tel", "sq"],
    ["Këshilluesi e mbylli këtë bisedë", "sq"],
    ["Lataliyaha ayaa xiray wadahadalk", "so"],
    ["Le conseiller a clôturé cette co", "fr"],
    ["Ma hubo inaan fahmay. Ma mid ka ", "so"],
    ["Ma hubo inaan si sax ah kuu fahm", "so"],
    ["Ma hubo inaan si sax ah uga jawa", "so"],
    ["Ma jeclaan lahayd inaan wadahada", "so"],
    ["Mae hyn yn swnio fel argyfwng: f", "cy"],
    ["Mae'r cwnselydd wedi cau'r sgwrs", "cy"],
    ["Mahadsanid inaad nala soo xiriir", "so"],
    ["Mahadsanid. Wadahadalkan waxaan ", "so"],
    ["Mahadsanid. Wax kasta oo aad ii ", "so"],
    ["Marquei o seu caso (", "pt"],
    ["Merci de nous avoir contactés. S", "fr"],
    ["Merci. J'ai transmis cette conve", "fr"],
    ["Merci. Tout ce que vous m'avez d", "fr"],
    ["Miejsce w kolejce do konsultanta", "pl"],
    ["Można też zadzwonić pod numer ", "pl"],
    ["Mund të telefononi gjithashtu ", "sq"],
    ["Na szczegółowe pytania mogę odpo", "pl"],
    ["Neste momento não há nenhum cons", "pt"],
    ["Niciun consilier nu este online ", "ro"],
    ["Nie ma za co. Czy mogę pomóc w c", "pl"],
    ["Nie udało mi się przekazać tego ", "pl"],
    ["Nie wiem, czy dobrze rozumiem. C", "pl"],
    ["Nie wiem, czy dobrze to rozumiem", "pl"],
    ["Nie wiem, czy potrafię poprawnie", "pl"],
    ["No counsellor is online right no", "en"],
    ["No estoy seguro de haberlo enten", "es"],
    ["No estoy seguro de poder respond", "es"],
    ["No he podido pasar esto automáti", "es"],
    ["Nu am putut transmite automat ac", "ro"],
    ["Nu știu sigur dacă am înțeles. A", "ro"],
    ["Nu știu sigur dacă pot răspunde ", "ro"],
    ["Nuk e di nëse ju kuptova mirë. A", "sq"],
    ["Nuk e di nëse ju kuptova mirë. M", "sq"],
    ["Nuk e di nëse mund t'i përgjigje", "sq"],
    ["Nuk munda ta kaloj këtë automati", "sq"],
    ["Não consegui encaminhar isto aut", "pt"],
    ["Não sei se consigo responder cor", "pt"],
    ["Não sei se entendi bem. Pode diz", "pt"],
    ["Não tenho a certeza de ter perce", "pt"],
    ["Në rregull, nuk ka më pyetje. Aj", "sq"],
    ["Në rregull. Çfarë dëshironi të d", "sq"],
    ["Nëse një fëmijë është në rrezik ", "sq"],
    ["Nếu có trẻ em đang gặp nguy hiểm", "vi"],
    ["O conselheiro encerrou esta conv", "pt"],
    ["OK, no more questions. What you ", "en"],
    ["OK. What would you like to know?", "en"],
    ["Obrigado por nos procurar. Se ma", "pt"],
    ["Obrigado. Encaminhei esta conver", "pt"],
    ["Obrigado. Tudo o que me contou e", "pt"],
    ["Olá. Sou o assistente automático", "pt"],
    ["Os yw plentyn mewn perygl uniong", "cy"],
    ["Pare o urgență: sunați acum la 9", "ro"],
    ["Parece una emergencia: llame aho", "es"],
    ["Pot răspunde la întrebări detali", "ro"],
    ["Pyetjeve të hollësishme mund t'u", "sq"],
    ["Për momentin nuk ka asnjë këshil", "sq"],
    ["Përshëndetje. Jam asistenti auto", "sq"],
    ["Rozmowa z konsultantem została z", "pl"],
    ["Rozumiem. Sprawa została zamknię", "pl"],
    ["Rwy'n deall. Rwyf wedi cau'r ach", "cy"],
    ["Rwyf wedi nodi bod eich achos (", "cy"],
    ["Rwyf wedi ychwanegu hyn at eich ", "cy"],
    ["Rydych chi'n rhif ", "cy"],
    ["S'ka përse. A mund t'ju ndihmoj ", "sq"],
    ["Salaan. Waxaan ahay kaaliyaha ot", "so"],
    ["Se uma criança estiver em perigo", "pt"],
    ["Si toos ah uma gudbin karin tan,", "so"],
    ["Si un enfant est en danger imméd", "fr"],
    ["Si un menor está en peligro inme", "es"],
    ["Solo puedo responder preguntas d", "es"],
    ["Souhaitez-vous que je transmette", "fr"],
    ["Su'aalaha faahfaahsan waxaan kag", "so"],
    ["Sunteți numărul ", "ro"],
    ["Só consigo responder a perguntas", "pt"],
    ["Ta wiadomość została dodana do s", "pl"],
    ["También puede llamar al ", "es"],
    ["Também pode ligar para o ", "pt"],
    ["Tan waxaan ku daray kiiskaaga (", "so"],
    ["Tani waxay u egtahay xaalad degd", "so"],
    ["Thank you for getting in touch. ", "en"],
    ["Thank you. Everything you told m", "en"],
    ["Thank you. I have passed this to", "en"],
    ["The counsellor has closed this c", "en"],
    ["This sounds like an emergency. C", "en"],
    ["To brzmi jak nagły wypadek: zadz", "pl"],
    ["Tôi chỉ có thể trả lời các câu h", "vi"],
    ["Tôi hiểu rồi. Tôi đã đóng hồ sơ ", "vi"],
    ["Tôi không chắc mình có thể trả l", "vi"],
    ["Tôi không chắc mình đã hiểu đúng", "vi"],
    ["Tôi không thể tự động chuyển thô", "vi"],
    ["Tôi đã thêm nội dung này vào hồ ", "vi"],
    ["Tôi đã đánh dấu hồ sơ của bạn (", "vi"],
    ["Tư vấn viên đã đóng cuộc trò chu", "vi"],
    ["Understood: I've closed the case", "en"],
    ["Usted es el número ", "es"],
    ["Vous pouvez aussi appeler le ", "fr"],
    ["Vous êtes le numéro ", "fr"],
    ["Vâng. Bạn muốn biết điều gì? Nếu", "vi"],
    ["Vă mulțumesc. Am transmis conver", "ro"],
    ["Vă mulțumesc. Tot ce mi-ați spus", "ro"],
    ["Vă mulțumim că ne-ați contactat.", "ro"],
    ["W tej chwili żaden konsultant ni", "pl"],
    ["Waan fahmay. Kiiska waan xiray, ", "so"],
    ["Waxaad sidoo kale wici kartaa ", "so"],
    ["Waxaad tahay lambarka ", "so"],
    ["Would you like me to pass this c", "en"],
    ["Xin chào. Tôi là trợ lý tự động ", "vi"],
    ["You are number ", "en"],
    ["You can also call ", "en"],
    ["You're welcome. Is there anythin", "en"],
    ["¿Quiere que pase esta conversaci", "es"],
    ["Đây có vẻ là trường hợp khẩn cấp", "vi"],
    ["Được rồi, tôi sẽ không hỏi thêm ", "vi"],
    ["آیا می‌خواهید این گفتگو را به یک", "fa"],
    ["أغلق المستشار هذه المحادثة. أنت ", "ar"],
    ["إذا كان هناك طفل في خطر فوري، في", "ar"],
    ["از اینکه با ما تماس گرفتید متشکر", "fa"],
    ["اس وقت کوئی کونسلر آن لائن نہیں ", "ur"],
    ["اگر کوئی بچہ فوری خطرے میں ہے تو", "ur"],
    ["اگر کودکی در خطر فوری است، با 99", "fa"],
    ["اگر کودکی در خطر فوری است، همین ", "fa"],
    ["این را به پرونده شما (", "fa"],
    ["بسیار خب. چه چیزی می‌خواهید بدان", "fa"],
    ["بسیار خب، دیگر سؤالی نمی‌پرسم. آ", "fa"],
    ["به نظر می‌رسد این یک وضعیت اضطرا", "fa"],
    ["ترتيبك في قائمة الانتظار للتحدث ", "ar"],
    ["حسنًا. ماذا تودّ أن تعرف؟ إذا كا", "ar"],
    ["حسنًا، لن أطرح مزيدًا من الأسئلة", "ar"],
    ["خواهش می‌کنم. آیا در کار دیگری م", "fa"],
    ["در حال حاضر هیچ مشاوری آنلاین نی", "fa"],
    ["رابطہ کرنے کا شکریہ۔ اگر بعد میں", "ur"],
    ["سلام. من دستیار خودکار خط کمک‌رس", "fa"],
    ["شكرًا لتواصلك معنا. إذا شعرت بال", "ar"],
    ["شكرًا لك. كل ما أخبرتني به أصبح ", "ar"],
    ["شكرًا لك. لقد حوّلت هذه المحادثة", "ar"],
    ["شکریہ۔ آپ نے مجھے جو کچھ بتایا و", "ur"],
    ["شکریہ۔ میں نے یہ گفتگو ہیلپ لائن", "ur"],
    ["على الرحب والسعة. هل هناك أي شيء", "ar"],
    ["لا يمكنني الإجابة عن الأسئلة الت", "ar"],
    ["لا يوجد أي مستشار متاح عبر الإنت", "ar"],
    ["لست متأكدًا من أنني أستطيع الإجا", "ar"],
    ["لست متأكدًا من أنني فهمت. هل تقص", "ar"],
    ["لست متأكدًا من أنني فهمت. هل يمك", "ar"],
    ["لقد أضفت هذا إلى حالتك (", "ar"],
    ["لقد وضعت على حالتك (", "ar"],
    ["لم أتمكن من تحويل هذا تلقائيًا، ", "ar"],
    ["متشکرم. این گفتگو را به یکی از م", "fa"],
    ["متشکرم. هر چه به من گفتید اکنون ", "fa"],
    ["متوجه شدم. پرونده را بستم و منتق", "fa"],
    ["مجھے یقین نہیں کہ میں آپ کی بات ", "ur"],
    ["مجھے یقین نہیں کہ میں اس کا درست", "ur"],
    ["مجھے یقین نہیں کہ میں سمجھ گیا۔ ", "ur"],
    ["مرحبًا. أنا المساعد الآلي لخط ال", "ar"],
    ["مشاور این گفتگو را بست. اکنون دو", "fa"],
    ["مطمئن نیستم بتوانم به این پرسش د", "fa"],
    ["مطمئن نیستم منظورتان را درست فهم", "fa"],
    ["مطمئن نیستم که متوجه شده باشم. آ", "fa"],
    ["مفهوم. لقد أغلقت الحالة ولن يتم ", "ar"],
    ["من فقط می‌توانم به پرسش‌های مفصل", "fa"],
    ["میں تفصیلی سوالات کے جواب صرف ان", "ur"],
    ["میں سمجھ گیا۔ میں نے کیس بند کر ", "ur"],
    ["میں نے کونسلر کے لیے آپ کے کیس (", "ur"],
    ["میں نے یہ آپ کے کیس (", "ur"],
    ["میں یہ خودکار طور پر آگے نہیں بھ", "ur"],
    ["نتوانستم این را به‌طور خودکار من", "fa"],
    ["هل تودّ أن أحوّل هذه المحادثة إل", "ar"],
    ["همچنین می‌توانید با ", "fa"],
    ["ويمكنك أيضًا الاتصال بالرقم ", "ar"],
    ["يبدو أن هذه حالة طارئة: اتصل الآ", "ar"],
    ["ٹھیک ہے، مزید کوئی سوال نہیں۔ آپ", "ur"],
    ["ٹھیک ہے۔ آپ کیا جاننا چاہیں گے؟ ", "ur"],
    ["پرونده شما (", "fa"],
    ["کوئی بات نہیں۔ کیا میں کسی اور چ", "ur"],
    ["کونسلر سے بات کرنے کے لیے قطار م", "ur"],
    ["کونسلر نے یہ گفتگو بند کر دی ہے۔", "ur"],
    ["کیا آپ چاہیں گے کہ میں یہ گفتگو ", "ur"],
    ["ہیلو۔ میں ہیلپ لائن کا خودکار مع", "ur"],
    ["یہ ایک ہنگامی صورتحال لگتی ہے: ا", "ur"]
  ];
  // END widget texts

  // English questions to an English FAQ: shown (and marked lang="en") whatever the language.
  var QUICK_REPLIES = [
    "What are the signs of trafficking?",
    "How do I make an NRM referral?",
    "I'm worried about a child",
    "Talk to a counsellor"
  ];

  /* ---------- languages ---------- */

  var LANG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
  var ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
  var URDU_LETTERS = /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06C3\u06D2\u06D3]/; // ٹ ڈ ڑ ں ھ ہ ۃ ے ۓ
  var PERSIAN_LETTERS = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/;             // پ چ ژ گ ک ی

  function supported(code) {
    code = String(code || "").toLowerCase().split("-")[0];
    return Object.prototype.hasOwnProperty.call(TEXTS, code) ? code : null;
  }

  function browserLanguage() {
    var wanted = [START_LANG].concat(navigator.languages || [], [navigator.language]);
    for (var i = 0; i < wanted.length; i++) { if (supported(wanted[i])) return supported(wanted[i]); }
    return "en";
  }

  // ar, fa or ur for text in Arabic script (by the letters only Urdu or Persian use); null otherwise.
  function arabicScriptLanguage(text) {
    if (!ARABIC_SCRIPT.test(text)) return null;
    if (URDU_LETTERS.test(text)) return "ur";
    if (PERSIAN_LETTERS.test(text)) return "fa";
    return "ar";
  }

  // The language of one of the bot's localized replies, from how it starts.
  function knownReplyLanguage(text) {
    text = String(text || "").trim();
    for (var i = 0; i < REPLY_LANGUAGES.length; i++) {
      if (text.lastIndexOf(REPLY_LANGUAGES[i][0], 0) === 0) return REPLY_LANGUAGES[i][1];
    }
    return null;
  }

  function dirOf(code) { return (TEXTS[code] && TEXTS[code].dir) || (/^(ar|fa|ur|he|ps|ckb|ku|yi)\b/.test(code || "") ? "rtl" : "ltr"); }

  /* ---------- storage (sessionStorage only) ---------- */

  function emptyState() {
    return { sessionId: null, noticeAccepted: false, lang: null, messages: [] };
  }

  function load() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      var state = raw ? JSON.parse(raw) : null;
      if (state && Array.isArray(state.messages)) return state;
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    return emptyState();
  }

  var state = load();
  var exiting = false;

  // The language of the widget's own words: the conversation's once known, else the browser's.
  function uiLang() { return supported(state.lang) || browserLanguage(); }

  function t(key, values) {
    var texts = (TEXTS[uiLang()] || TEXTS.en).text;
    var text = texts[key] || TEXTS.en.text[key] || "";
    var fill = { helpline_phone: CONTACTS.helpline_phone, helpline_email: CONTACTS.helpline_email, quick_exit: texts.quick_exit };
    Object.keys(values || {}).forEach(function (name) { fill[name] = values[name]; });
    return text.replace(/\{(\w+)\}/g, function (all, name) { return fill[name] != null ? fill[name] : all; })
      .replace(/\s{2,}/g, " ").replace(/\s+([),.])/g, "$1");
  }

  function save() {
    if (exiting) return;
    try { window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: chat still works */ }
  }

  function newId(prefix) {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---------- DOM helpers ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // URLs, e-mail addresses, UK phone numbers and 999 become links, HO- references and English
  // quoted in another language become spans; everything else is text. Each is an isolated
  // left-to-right span, so digit groups keep their order inside right-to-left text.
  var SEP = "[ \\u00A0\\u202F-]";
  var TOKEN_PATTERN = new RegExp(
    "(https?:\\/\\/[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]])" +                                   // 1 url
    "|(\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b)" +                            // 2 email
    "|((?:\\+44" + SEP + "?(?:\\(0\\)" + SEP + "?)?|\\b0)\\d{2,5}(?:" + SEP + "?\\d{2,4}){1,3}\\b)" + // 3 uk phone
    "|(\\b999\\b)" +                                                                        // 4 emergency
    "|(\\bHO-[A-Z0-9]{4,12}\\b)",                                                           // 5 reference
    "g"
  );
  // English examples quoted in a reply in another language: "what are the signs of trafficking", «…»
  var ENGLISH_QUOTE = /("|«\s?)([A-Za-z][A-Za-z0-9 ,'?-]*[A-Za-z?])(\s?»|")/g;
  var BIDI_CONTROLS = /[\u2066-\u2069]/g; // isolates a plain-text channel may have put round a number

  function ltrSpan(tag, attrs, text) {
    var node = el(tag, attrs);
    node.setAttribute("dir", "ltr");
    node.className = ("hl-ltr " + (attrs.className || "")).trim();
    node.textContent = text;
    return node;
  }

  function appendEnglishQuotes(parent, text, markEnglish) {
    if (!markEnglish) { parent.appendChild(document.createTextNode(text)); return; }
    var last = 0;
    var match;
    ENGLISH_QUOTE.lastIndex = 0;
    while ((match = ENGLISH_QUOTE.exec(text)) !== null) {
      if (match[2].split(" ").length < 3) continue; // a quoted word or two is not worth marking
      var start = match.index + match[1].length;
      parent.appendChild(document.createTextNode(text.slice(last, start)));
      parent.appendChild(ltrSpan("span", { lang: "en", className: "hl-ltr--wrap" }, match[2]));
      last = start + match[2].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // markEnglish: the text is the bot's, in another language, so quoted English is marked lang="en".
  function appendLinkified(parent, text, markEnglish) {
    text = String(text || "").replace(BIDI_CONTROLS, "");
    var last = 0;
    var match;
    TOKEN_PATTERN.lastIndex = 0;
    while ((match = TOKEN_PATTERN.exec(text)) !== null) {
      var shown = match[0];
      if (match[3] && shown.replace(/\D/g, "").length < 8) continue; // not a phone number
      if (match.index > last) appendEnglishQuotes(parent, text.slice(last, match.index), markEnglish);
      var node;
      if (match[1]) {
        node = ltrSpan("a", { href: shown, target: "_blank", rel: "noopener noreferrer", className: "hl-ltr--wrap" }, shown);
      } else if (match[2]) {
        node = ltrSpan("a", { href: "mailto:" + shown, className: shown.length > 32 ? "hl-ltr--wrap" : "" }, shown);
      } else if (match[5]) {
        node = ltrSpan("span", { className: "hl-ref" }, shown);
      } else {
        node = ltrSpan("a", { href: "tel:" + shown.replace(/\(0\)/, "").replace(/[^\d+]/g, "") }, shown);
      }
      parent.appendChild(node);
      last = match.index + shown.length;
    }
    if (last < text.length) appendEnglishQuotes(parent, text.slice(last), markEnglish);
  }

  /* ---------- Quick exit (GOV.UK "Exit this page" pattern) ---------- */

  var socket = null;

  function quickExit(event) {
    if (event) event.preventDefault();
    exiting = true;
    document.documentElement.classList.add("hl-exiting"); // blanks the screen at once (widget.css)
    var cover = document.createElement("div");
    cover.className = "hl-exit-cover";
    document.body.appendChild(cover);
    document.title = "";
    try { window.sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing stored */ }
    try { if (socket) socket.disconnect(); } catch (e) { /* already gone */ }
    // Offline, the external site cannot load: the local neutral page (it names no helpline either).
    window.location.replace(navigator.onLine === false ? EXIT_FALLBACK : EXIT_URL);
  }

  var exitLabel = el("span", { className: "hl-quick-exit-label" });
  var exitHint = el("span", { className: "hl-visually-hidden" });
  var exitButton = el("a", { href: EXIT_URL, className: "hl-quick-exit", role: "button", "data-hl": "quick-exit" }, [exitLabel, exitHint]);
  exitButton.addEventListener("click", quickExit);
  exitButton.addEventListener("keydown", function (e) { if (e.key === " ") quickExit(e); });

  var shiftPresses = [];
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || e.repeat) return;
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 5000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) quickExit();
  }, true);

  /* ---------- the chat panel ---------- */

  var log = el("div", { className: "hl-log", role: "log", "aria-live": "polite", tabindex: "0" });
  var bannerText = el("p");
  var banner = el("div", { className: "hl-banner", role: "alert", hidden: "" }, [bannerText]);
  var input = el("textarea", { id: "hl-input", className: "hl-input", rows: "2", maxlength: "2000", autocomplete: "off", dir: "auto" });
  var inputLabel = el("label", { "for": "hl-input", className: "hl-label" });
  var sendButton = el("button", { type: "submit", className: "hl-button" });
  var form = el("form", { className: "hl-form" }, [
    inputLabel, el("div", { className: "hl-form-row" }, [input, sendButton])
  ]);
  var quickList = el("ul", { className: "hl-quick-replies" });
  QUICK_REPLIES.forEach(function (question) {
    var b = el("button", { type: "button", className: "hl-chip", lang: "en", dir: "ltr", text: question });
    b.addEventListener("click", function () { send(question); });
    quickList.appendChild(el("li", {}, [b]));
  });
  // Visual only: screen readers hear the reply itself through the log's live region.
  var typing = el("p", { className: "hl-typing", "aria-hidden": "true", hidden: "" });
  var chat = el("div", { className: "hl-chat", hidden: "" }, [banner, log, typing, quickList, form]);

  var noticeButton = el("button", { type: "button", className: "hl-button" });
  var noticeTitle = el("h3", { id: "hl-notice-title", className: "hl-notice-title" });
  var noticeList = el("ul");
  var notice = el("div", { className: "hl-notice", role: "region", "aria-labelledby": "hl-notice-title" }, [
    noticeTitle, noticeList, noticeButton
  ]);
  var title = el("h2", { id: "hl-title", className: "hl-title" });
  var panel = el("section", { className: "hl-panel", "aria-labelledby": "hl-title" }, [title, notice, chat]);

  // The widget's own words in the current language (right-to-left where it is).
  function applyLanguage() {
    var lang = uiLang();
    var dir = dirOf(lang);
    [panel, exitButton].forEach(function (node) { node.setAttribute("lang", lang); node.setAttribute("dir", dir); });
    exitLabel.textContent = t("quick_exit");
    exitHint.textContent = t("quick_exit_hint");
    title.textContent = t("title");
    noticeTitle.textContent = t("notice_title");
    noticeList.textContent = "";
    ["notice_bot", "notice_emergency", "notice_contact", "notice_language", "notice_privacy", "notice_browser"].forEach(function (key) {
      var text = t(key);
      if (!text) return;
      var li = el("li", { "data-hl": key });
      appendLinkified(li, text, false);
      noticeList.appendChild(li);
    });
    noticeButton.textContent = t("notice_accept");
    bannerText.textContent = "";
    appendLinkified(bannerText, t("banner"), false);
    log.setAttribute("aria-label", t("log_label"));
    quickList.setAttribute("aria-label", t("quick_label"));
    form.setAttribute("aria-label", t("form_label"));
    inputLabel.textContent = t("input_label");
    sendButton.textContent = t("send");
    typing.textContent = t("typing");
  }

  function setConversationLanguage(code) {
    code = supported(code);
    if (!code) return;
    // The bot found this language in the messages it is answering: those say so too.
    for (var i = state.messages.length - 1; i >= 0 && state.messages[i].role === "user"; i--) {
      var m = state.messages[i];
      if (m.lang || arabicScriptLanguage(m.text || "") || dirOf(code) !== "ltr") continue;
      m.lang = code;
      var item = log.querySelector('[data-id="' + m.id + '"]');
      if (item) item.setAttribute("lang", code);
    }
    if (code === state.lang) { save(); return; }
    state.lang = code;
    save();
    applyLanguage();
  }

  /* ---------- rendering ---------- */

  // The language of a message: what the bot said it is, else what its script shows, else
  // English for the bot and counsellors, the conversation's language for the professional.
  function messageLang(message) {
    if (message.lang && LANG_PATTERN.test(message.lang)) return message.lang;
    var byScript = arabicScriptLanguage(message.text || "");
    if (byScript) return byScript;
    if (message.role === "user") return dirOf(uiLang()) === "ltr" ? uiLang() : "en";
    if (message.role === "status") return uiLang();
    return "en";
  }

  function render(message) {
    if (log.querySelector('[data-id="' + message.id + '"]')) return; // never twice
    var lang = messageLang(message);
    var ui = uiLang();
    var item = el("div", { className: "hl-msg hl-msg--" + message.role, "data-id": message.id, lang: lang });
    var who = null;
    if (message.role === "counsellor") who = t("who_counsellor", { name: message.name || "" });
    else if (message.role === "bot") who = t("who_bot");
    else if (message.role === "user") who = t("who_user");
    if (who) item.appendChild(el("p", { className: "hl-who", lang: ui, dir: dirOf(ui), text: who }));
    var dir = message.dir === "rtl" || message.dir === "ltr" ? message.dir : "auto";
    var body = el("p", { className: "hl-text", dir: dir });
    appendLinkified(body, message.text || "", message.role === "bot" && lang !== "en");
    item.appendChild(body);
    if (message.role === "user") {
      item.appendChild(el("p", { className: "hl-pending", lang: ui, dir: dirOf(ui), text: t("pending") }));
      item.classList.toggle("hl-msg--unsent", !message.sent);
      if (message.received) { item.classList.add("hl-msg--received"); showReceived(item); }
    }
    (message.buttons || []).length && item.appendChild(renderButtons(message.buttons));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function renderButtons(buttons) {
    var list = el("ul", { className: "hl-quick-replies hl-quick-replies--inline" });
    buttons.forEach(function (button) {
      var b = el("button", { type: "button", className: "hl-chip", dir: "auto", text: button.title });
      b.addEventListener("click", function () { send(button.title, button.payload); });
      list.appendChild(el("li", {}, [b]));
    });
    return list;
  }

  function markSent(message) {
    message.sent = true;
    var item = log.querySelector('[data-id="' + message.id + '"]');
    if (item) item.classList.remove("hl-msg--unsent");
  }

  // "Received" under a message the server has handled (message_received), in the widget's
  // language. Plain text in the message, no live announcement of its own (it follows every
  // message); while a counsellor has the chat it is the only sign the message got there.
  function showReceived(item) {
    if (item.querySelector(".hl-received")) return;
    var ui = uiLang();
    item.appendChild(el("p", { className: "hl-received", lang: ui, dir: dirOf(ui), text: t("received") }));
  }

  function markReceived(clientId) {
    var message = null;
    state.messages.forEach(function (m) { if (m.role === "user" && m.id === clientId) message = m; });
    if (!message) return;
    message.sent = true;
    message.received = true;
    save();
    var item = log.querySelector('[data-id="' + message.id + '"]');
    if (!item) return;
    item.classList.remove("hl-msg--unsent");
    item.classList.add("hl-msg--received");
    showReceived(item);
  }

  function add(message) {
    state.messages.push(message);
    save();
    render(message);
  }

  /* ---------- connection ---------- */

  var confirmed = false;

  function setConnected(ok) {
    if (!ok) applyLanguage(); // the banner in the language of the moment
    if (ok) banner.setAttribute("hidden", "");
    else banner.removeAttribute("hidden");
    panel.classList.toggle("hl-offline", !ok);
  }

  function flush() {
    state.messages.forEach(function (m) {
      if (m.role === "user" && !m.sent && confirmed && socket && socket.connected) {
        socket.emit("user_uttered", { message: m.payload || m.text, session_id: state.sessionId, customData: { client_id: m.id } });
        markSent(m);
      }
    });
    save();
  }

  function send(text, payload) {
    text = (text || "").trim();
    if (!text || !state.noticeAccepted) return;
    add({ id: newId("u-"), role: "user", text: text, payload: payload || null, sent: false });
    flush();
  }

  function connect() {
    if (socket || typeof window.io !== "function") return;
    socket = window.io(SERVER, { path: "/socket.io", transports: TRANSPORTS, reconnection: true, reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      var id = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id);
      if (id) state.sessionId = id;
      confirmed = true;
      setConnected(true);
      save();
      flush();
    });
    socket.on("disconnect", function () { confirmed = false; if (!exiting) setConnected(false); });
    socket.on("connect_error", function () { if (!exiting) setConnected(false); });
    socket.on("bot_uttered", function (data) {
      if (!data || exiting) return;
      var meta = data.metadata || {};
      var buttons = (data.quick_replies || data.buttons || []).filter(function (b) { return b && b.title; })
        .map(function (b) { return { title: String(b.title), payload: b.payload ? String(b.payload) : null }; });
      if (!data.text && !buttons.length) return;
      var role = meta.from === "counsellor" ? "counsellor" : "bot";
      var text = data.text ? String(data.text) : "";
      var lang = typeof meta.lang === "string" && LANG_PATTERN.test(meta.lang) ? meta.lang
        : (role === "bot" ? knownReplyLanguage(text) || arabicScriptLanguage(text) : null);
      if (role === "bot" && lang) setConversationLanguage(lang);
      add({
        id: newId("b-"),
        role: role,
        name: role === "counsellor" && meta.name ? String(meta.name) : null,
        text: text,
        lang: lang,
        dir: meta.dir === "rtl" || meta.dir === "ltr" ? meta.dir : null,
        buttons: buttons
      });
    });
    socket.on("message_received", function (data) {
      if (!data || exiting || typeof data.client_id !== "string") return;
      markReceived(data.client_id);
    });
    socket.on("bot_typing", function (data) {
      if (data && data.typing) typing.removeAttribute("hidden"); else typing.setAttribute("hidden", "");
    });
    socket.on("handoff_status", function (data) {
      if (!data) return;
      var text = data.status === "counsellor"
        ? (data.name ? t("status_counsellor_named", { name: String(data.name) }) : t("status_counsellor"))
        : t("status_bot");
      add({ id: newId("s-"), role: "status", text: text, lang: uiLang() });
    });
  }

  function loadClient(done) {
    if (typeof window.io === "function") return done();
    var tag = document.createElement("script");
    tag.src = new URL("vendor/socket.io.min.js", base).href;
    tag.onload = done;
    tag.onerror = function () { setConnected(false); };
    document.head.appendChild(tag);
  }

  function startChat() {
    notice.setAttribute("hidden", "");
    chat.removeAttribute("hidden");
    state.messages.forEach(render);
    loadClient(connect);
  }

  noticeButton.addEventListener("click", function () {
    state.noticeAccepted = true;
    save();
    startChat();
    input.focus();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });

  function mount() {
    applyLanguage();
    document.body.insertBefore(exitButton, document.body.firstChild); // the first tab stop
    var target = TARGET && document.querySelector(TARGET);
    (target || document.body).appendChild(panel);
    if (!target) panel.classList.add("hl-panel--floating");
    if (state.noticeAccepted) startChat();
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.HelplineWidget = {
    quickExit: quickExit,
    socket: function () { return socket; },
    language: function () { return uiLang(); }
  };
})();
