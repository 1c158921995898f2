from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='feed_full_text',
            field=models.BooleanField(default=True, help_text="Feeds carry each post's full text; untick to send only the excerpt.", verbose_name='full text in feeds'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='feed_items',
            field=models.PositiveSmallIntegerField(default=10, help_text='How many of the latest posts a feed shows.', verbose_name='posts in feeds'),
        ),
    ]
